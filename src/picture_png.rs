//! A [`Picture`] painted on an `OffscreenCanvas` and encoded as PNG, in the analysis worker
//! (wasm only): the same shapes the SVG writes, so the two files show the same view.

use std::f64::consts::TAU;

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{ImageEncodeOptions, OffscreenCanvas, OffscreenCanvasRenderingContext2d, Path2d};

use crate::domain::picture::{
    FONT_FAMILY, HOLLOW_OUTLINE, MARKER_OUTLINE, MARKER_RADIUS, Picture, Shape,
};

/// Pixels per user unit: twice the picture's size, sharp on a slide or a high-density screen.
const PIXEL_RATIO: f64 = 2.0;

fn describe(error: JsValue) -> String {
    error
        .dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .unwrap_or_else(|| "the canvas failed".to_owned())
}

fn paint(context: &OffscreenCanvasRenderingContext2d, shape: &Shape) -> Result<(), JsValue> {
    match shape {
        Shape::Rect {
            x,
            y,
            width,
            height,
            fill,
        } => {
            context.set_fill_style_str(fill);
            context.fill_rect(*x, *y, *width, *height);
        }
        Shape::Path { d, fill } => {
            context.set_fill_style_str(fill);
            context.fill_with_path_2d(&Path2d::new_with_path_string(d)?);
        }
        Shape::Marker { x, y, fill, .. } => {
            context.begin_path();
            context.arc(*x, *y, MARKER_RADIUS, 0.0, TAU)?;
            context.set_line_width(1.0);
            match fill {
                Some(fill) => {
                    context.set_fill_style_str(fill);
                    context.fill();
                    context.set_stroke_style_str(MARKER_OUTLINE);
                }
                None => context.set_stroke_style_str(HOLLOW_OUTLINE),
            }
            context.stroke();
        }
        Shape::Text {
            x,
            y,
            size,
            end,
            runs,
        } => {
            let font = |weight: u16| format!("{weight} {size}px {FONT_FAMILY}");
            // Runs are laid from the left; a line that ends at `x` starts its width before it.
            let mut left = *x;
            if *end {
                for run in runs {
                    context.set_font(&font(run.weight));
                    left -= context.measure_text(&run.text)?.width();
                }
            }
            context.set_text_align("left");
            for run in runs {
                context.set_font(&font(run.weight));
                context.set_fill_style_str(run.fill);
                context.fill_text(&run.text, left, *y)?;
                left += context.measure_text(&run.text)?.width();
            }
        }
    }
    Ok(())
}

/// `picture` as the bytes of a PNG file.
pub async fn to_png(picture: &Picture) -> Result<Vec<u8>, String> {
    let canvas = OffscreenCanvas::new(
        (picture.width * PIXEL_RATIO).ceil() as u32,
        (picture.height * PIXEL_RATIO).ceil() as u32,
    )
    .map_err(describe)?;
    let context: OffscreenCanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(describe)?
        .ok_or("this browser has no 2D canvas in workers")?
        .unchecked_into();
    context.scale(PIXEL_RATIO, PIXEL_RATIO).map_err(describe)?;
    for (_, shape) in &picture.shapes {
        paint(&context, shape).map_err(describe)?;
    }
    let options = ImageEncodeOptions::new();
    options.set_type("image/png");
    let blob: web_sys::Blob = JsFuture::from(
        canvas
            .convert_to_blob_with_options(&options)
            .map_err(describe)?,
    )
    .await
    .map_err(describe)?
    .unchecked_into();
    let buffer = JsFuture::from(blob.array_buffer())
        .await
        .map_err(describe)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}
