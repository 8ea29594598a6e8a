// Waiting for the ranked list: it fills in steps on its first render (src/ui/ranked_list.rs)
// and is `aria-busy` until every row is in.

/** Resolves once the ranked list is in the page with all its rows. */
export async function rankingReady(page) {
  await page.locator('[data-testid=ranked-list]:not([aria-busy])').waitFor();
}
