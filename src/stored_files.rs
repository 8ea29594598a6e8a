//! The user's own files, kept in the browser's IndexedDB under their content hash, so that a
//! reload or a link finds them again (wasm only; the analysis worker reads and writes them).
//!
//! Each record is the file's name and bytes as postcard, keyed by
//! [`crate::domain::upload::content_hash`].

use idb::{Database, DatabaseEvent, Factory, ObjectStoreParams, TransactionMode};
use wasm_bindgen::JsValue;

const DATABASE: &str = "ai-cities-index";
const STORE: &str = "own-files";
const VERSION: u32 = 1;

async fn open() -> Result<Database, String> {
    let factory = Factory::new().map_err(|e| e.to_string())?;
    let mut request = factory
        .open(DATABASE, Some(VERSION))
        .map_err(|e| e.to_string())?;
    request.on_upgrade_needed(|event| {
        if let Ok(database) = event.database()
            && !database.store_names().iter().any(|name| name == STORE)
        {
            _ = database.create_object_store(STORE, ObjectStoreParams::new());
        }
    });
    request.await.map_err(|e| e.to_string())
}

/// Keeps `bytes`, the file `file_name`, under `hash`.
pub async fn keep(hash: &str, file_name: &str, bytes: &[u8]) -> Result<(), String> {
    let record = postcard::to_allocvec(&(file_name, serde_bytes::Bytes::new(bytes)))
        .map_err(|e| e.to_string())?;
    let database = open().await?;
    let transaction = database
        .transaction(&[STORE], TransactionMode::ReadWrite)
        .map_err(|e| e.to_string())?;
    let store = transaction.object_store(STORE).map_err(|e| e.to_string())?;
    let value = js_sys::Uint8Array::from(record.as_slice());
    store
        .put(&value, Some(&JsValue::from_str(hash)))
        .map_err(|e| e.to_string())?
        .await
        .map_err(|e| e.to_string())?;
    transaction.await.map_err(|e| e.to_string())?;
    database.close();
    Ok(())
}

/// The name and bytes of the file kept under `hash`, if this browser keeps one.
pub async fn find(hash: &str) -> Result<Option<(String, Vec<u8>)>, String> {
    let database = open().await?;
    let transaction = database
        .transaction(&[STORE], TransactionMode::ReadOnly)
        .map_err(|e| e.to_string())?;
    let store = transaction.object_store(STORE).map_err(|e| e.to_string())?;
    let found = store
        .get(JsValue::from_str(hash))
        .map_err(|e| e.to_string())?
        .await
        .map_err(|e| e.to_string())?;
    database.close();
    let Some(value) = found else { return Ok(None) };
    let record = js_sys::Uint8Array::new(&value).to_vec();
    postcard::from_bytes::<(String, serde_bytes::ByteBuf)>(&record)
        .map(|(name, bytes)| Some((name, bytes.into_vec())))
        .map_err(|e| format!("the kept file is damaged: {e}"))
}
