//! The notice that names what a link asked for and the page could not use.

use leptos::prelude::*;

use super::model::Model;

/// Lists the ignored URL parameters, if any, with a button to dismiss the list.
#[component]
pub fn UrlNotice() -> impl IntoView {
    let model = Model::expect();
    let has_items = Memo::new(move |_| model.ignored.with(|items| !items.is_empty()));
    view! {
        <div class="url-notice-region" role="status">
            {move || {
                has_items
                    .get()
                    .then(|| view! {
                        <section class="url-notice" data-testid="url-notice" aria-labelledby="url-notice-title">
                            <h2 id="url-notice-title">"Part of this link could not be used"</h2>
                            <p>
                                "The view below uses the defaults for these parts; everything else in the link is applied."
                            </p>
                            <ul>
                                {move || {
                                    model
                                        .ignored
                                        .get()
                                        .into_iter()
                                        .map(|item| {
                                            view! {
                                                <li>
                                                    <code>{format!("{}={}", item.key, item.value)}</code>
                                                    {format!(": {}", item.reason)}
                                                </li>
                                            }
                                        })
                                        .collect_view()
                                }}
                            </ul>
                            <button type="button" on:click=move |_| model.ignored.set(Vec::new())>
                                "Dismiss"
                            </button>
                        </section>
                    })
            }}
        </div>
    }
}
