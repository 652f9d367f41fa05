//! Parquet output (and the reading back that tests need): the only place polars is used.

use std::fs::File;
use std::path::Path;

use polars::prelude::{
    Column as PlColumn, DataFrame, KeyValueMetadata, ParquetCompression, ParquetReader, ParquetWriter,
    SerReader,
};

use super::OutputError;
use super::atomic::write_atomic;
use crate::recorder::{Column, Table};

fn frame(table: &Table) -> polars::prelude::PolarsResult<DataFrame> {
    let cols = table
        .names
        .iter()
        .zip(&table.columns)
        .map(|(name, col)| {
            let name = name.as_str().into();
            match col {
                Column::U32(v) => PlColumn::new(name, v),
                Column::F64(v) => PlColumn::new(name, v),
                Column::OptF64(v) => PlColumn::new(name, v),
                Column::Str(v) => PlColumn::new(name, v),
            }
        })
        .collect();
    DataFrame::new(table.rows(), cols)
}

/// Writes `table` to `path` atomically, with key-value metadata in the file footer.
pub fn write(path: &Path, table: &Table, metadata: &[(String, String)]) -> Result<(), OutputError> {
    let parquet_err = |e: polars::prelude::PolarsError| OutputError::Parquet {
        path: path.to_path_buf(),
        message: e.to_string(),
    };
    let mut df = frame(table).map_err(parquet_err)?;
    write_atomic(path, |tmp| {
        let io = |source| OutputError::Io { path: path.to_path_buf(), source };
        // Buffered: the writer emits many small pieces, one syscall each otherwise (a sweep
        // of tiny runs spent most of its time in them).
        let mut file = std::io::BufWriter::with_capacity(1 << 16, File::create(tmp).map_err(io)?);
        ParquetWriter::new(&mut file)
            .with_compression(ParquetCompression::Zstd(None))
            .with_key_value_metadata(Some(KeyValueMetadata::from_static(metadata.to_vec())))
            .finish(&mut df)
            .map_err(parquet_err)?;
        std::io::Write::flush(&mut file).map_err(io)?;
        Ok(())
    })
}

/// Reads a Parquet file back into plain columns (u32, f64, optional f64, string).
pub fn read(path: &Path) -> Result<Table, OutputError> {
    let err = |message: String| OutputError::Parquet { path: path.to_path_buf(), message };
    let file = File::open(path).map_err(|source| OutputError::Io { path: path.to_path_buf(), source })?;
    let df = ParquetReader::new(file).finish().map_err(|e| err(e.to_string()))?;
    let mut table = Table::default();
    for col in df.columns() {
        let name = col.name().to_string();
        let s = col.as_materialized_series();
        let column = if let Ok(ca) = s.u32() {
            Column::U32(ca.iter().map(|v| v.unwrap_or(0)).collect())
        } else if let Ok(ca) = s.f64() {
            if ca.null_count() > 0 {
                Column::OptF64(ca.iter().collect())
            } else {
                Column::F64(ca.iter().map(|v| v.unwrap_or(f64::NAN)).collect())
            }
        } else if let Ok(ca) = s.str() {
            Column::Str(ca.iter().map(|v| v.unwrap_or("").to_string()).collect())
        } else {
            return Err(err(format!("column {name} has unsupported type {}", s.dtype())));
        };
        table.push(name, column);
    }
    Ok(table)
}

/// The key-value metadata of a Parquet file.
pub fn read_metadata(path: &Path) -> Result<Vec<(String, String)>, OutputError> {
    let err = |message: String| OutputError::Parquet { path: path.to_path_buf(), message };
    let file = File::open(path).map_err(|source| OutputError::Io { path: path.to_path_buf(), source })?;
    let mut reader = ParquetReader::new(file);
    let meta = reader.get_metadata().map_err(|e| err(e.to_string()))?;
    Ok(meta
        .key_value_metadata()
        .iter()
        .flatten()
        .map(|kv| (kv.key.clone(), kv.value.clone().unwrap_or_default()))
        .collect())
}
