//! The page header: title, what is being ranked, the methodology toggle, "Copy link",
//! "Download CSV", "Get embed code" and "Load your own data".

use leptos::prelude::*;

use super::address::Address;
use super::analysis::ExportStatus;
use super::clipboard::{CopyStatus, copy_text};
use super::embed::EmbedCode;
use super::model::Model;
use super::own_data::{OwnData, OwnDataControl};
use crate::domain::export::ExportFormat;
use crate::domain::url_sync::Entry;
use crate::domain::view_state::Panel;

/// The button's label for downloading the view as `format`.
fn download_label(format: ExportFormat) -> &'static str {
    match format {
        ExportFormat::Csv => "Download CSV",
        ExportFormat::Svg => "Download picture (SVG)",
        ExportFormat::Png => "Download picture (PNG)",
    }
}

/// The header of the page.
#[component]
pub fn Masthead() -> impl IntoView {
    let model = Model::expect();
    let (city_count, indicator_count, edition, synthetic) = model.dataset.with_value(|d| {
        (
            d.cities().len(),
            d.indicators().len(),
            d.edition().to_owned(),
            d.is_synthetic(),
        )
    });
    let own_data = OwnData::expect();
    let own_file = own_data
        .current
        .get_value()
        .filter(|_| model.view.with_untracked(|v| v.own.is_some()));
    let address = Address::expect();
    let summary = match &own_file {
        Some(own) => format!(
            "{city_count} places on {indicator_count} indicators from your file “{}”, ranked in this browser. Drag the weights to rank them your way; the link finds the file again in this browser.",
            own.file_name
        ),
        None => format!(
            "{city_count} cities on {indicator_count} sourced indicators. Drag the weights to rank them your way; the link keeps your view. Edition {edition}."
        ),
    };
    let methodology_open = Memo::new(move |_| model.view.with(|v| v.panel == Panel::Methodology));
    let copy_status = RwSignal::new(CopyStatus::Idle);
    let copy_link = move |_| {
        model.end_change();
        copy_text(&window().location().href().unwrap_or_default(), copy_status);
    };
    let toggle_methodology = move |_| {
        model.commit(|v| {
            v.panel = match v.panel {
                Panel::Methodology => Panel::Ranking,
                Panel::Ranking => Panel::Methodology,
            };
        });
    };

    view! {
        <header class="masthead">
            <div class="masthead__title">
                <h1>"AI Cities Index"</h1>
                <p class="masthead__summary">{summary}</p>
            </div>
            {synthetic
                .then(|| {
                    view! {
                        <p class="masthead__synthetic" role="note">
                            <strong>"Stress mode: synthetic cities."</strong>
                            " These cities and figures are generated at random to test speed. They are not real data. "
                            <a href=".">"Back to the real index"</a>
                        </p>
                    }
                })}
            {own_file
                .is_some()
                .then(|| {
                    view! {
                        <p class="masthead__own" role="note" data-testid="own-note">
                            <strong>"Your own data."</strong>
                            " The figures are your file's, as it gives them; this index has not checked them. "
                            {move || own_data.not_kept.get().map(|why| format!("This browser would not keep the file ({why}), so a reload will not find it. "))}
                            <button type="button" on:click=move |_| address.write("", Entry::Push)>
                                "Back to the bundled data"
                            </button>
                        </p>
                    }
                })}
            <nav class="masthead__actions" aria-label="Page">
                <button
                    type="button"
                    aria-pressed=move || methodology_open.get().to_string()
                    on:click=toggle_methodology
                >
                    "Methodology and sources"
                </button>
                <button type="button" on:click=copy_link>
                    "Copy link"
                </button>
                {[ExportFormat::Csv, ExportFormat::Svg, ExportFormat::Png]
                    .map(|format| {
                        view! {
                            <button
                                type="button"
                                disabled=move || model.export.with(ExportStatus::is_preparing)
                                on:click=move |_| model.export.set(ExportStatus::Preparing(format))
                            >
                                {download_label(format)}
                            </button>
                        }
                    })
                    .collect_view()}
                <EmbedCode />
                <OwnDataControl />
                <span class="masthead__copy-status" role="status">
                    {move || match model.export.get() {
                        ExportStatus::Idle => String::new(),
                        ExportStatus::Preparing(ExportFormat::Csv) => "Preparing the CSV of this view… ".to_owned(),
                        ExportStatus::Preparing(ExportFormat::Svg | ExportFormat::Png) => "Drawing the picture of this view… ".to_owned(),
                        ExportStatus::Failed(why) => format!("The file could not be made: {why}. "),
                    }}
                    {move || match copy_status.get() {
                        CopyStatus::Idle => "",
                        CopyStatus::Copied => "Link copied.",
                        CopyStatus::Failed => "Could not copy; copy the address bar instead.",
                    }}
                </span>
            </nav>
        </header>
    }
}
