/**
 * `options.html#add-account` opens Options at the add-account form (the welcome page's
 * button): the page renders after the stored state is read, so the browser's own jump to
 * a fragment finds nothing, and the page makes it once the form is there.
 */
export const ADD_ACCOUNT_ANCHOR = 'add-account';

/** Brings the add-account form into view with its first field focused, when the address asks for it. */
export function goToAddAccount(hash: string): boolean {
  if (hash !== `#${ADD_ACCOUNT_ANCHOR}`) return false;
  const heading = document.getElementById('account-form-heading');
  if (!heading) return false;
  heading.closest('section')?.scrollIntoView({ block: 'start' });
  document.getElementById('field-provider')?.focus();
  return true;
}
