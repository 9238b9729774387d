/** What the engineer types to confirm "Reset local vault" (window and CLI alike). */
export const RESET_VAULT_CONFIRMATION = 'RESET';
