// What the desk's tables share: the row that says a table has nothing to show. No module state.
// Exports: emptyRow.

/**
 * The row of an empty table (tr.empty, styled apart from the data rows): one cell across all its columns, saying
 * why nothing is there.
 */
export function emptyRow(columns, text) {
  const tr = document.createElement('tr');
  tr.className = 'empty';
  const td = document.createElement('td');
  td.colSpan = columns;
  td.textContent = text;
  tr.appendChild(td);
  return tr;
}
