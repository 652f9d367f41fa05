//! Parquet files (and reading them back): the only place polars is used.
//!
//! Columns are written as the catalogue types them: Int64, Float64 (null where undefined),
//! Boolean and plain UTF-8 strings. Polars would describe strings as Arrow's newer
//! "string view" in the file's embedded Arrow schema, which pyarrow before 15 cannot read,
//! so the Arrow schema stored in the file is computed here with plain strings.

use std::fs::File;
use std::path::Path;

use polars::prelude::{
    Column as PlColumn, CompatLevel, DataFrame, KeyValueMetadata, ParquetCompression, ParquetReader,
    ParquetWriter, SchemaExt, SerReader,
};
use polars_arrow::datatypes::ArrowDataType;

use super::atomic::write_with;
use crate::error::Error;
use crate::table::{Column, Table};

fn frame(table: &Table) -> polars::prelude::PolarsResult<DataFrame> {
    let cols = table
        .names
        .iter()
        .zip(&table.columns)
        .map(|(name, col)| {
            let name = name.as_str().into();
            match col {
                Column::Int(v) => PlColumn::new(name, v),
                Column::UInt(v) => PlColumn::new(name, v),
                Column::Float(v) => PlColumn::new(name, v),
                Column::Bool(v) => PlColumn::new(name, v),
                Column::Str(v) => PlColumn::new(name, v),
            }
        })
        .collect();
    DataFrame::new(table.rows(), cols)
}

/// The file's Arrow schema with plain (not view) strings, as key-value metadata.
fn arrow_schema(df: &DataFrame) -> (String, String) {
    let mut schema = df.schema().to_arrow(CompatLevel::oldest());
    for field in schema.iter_values_mut() {
        if matches!(field.dtype, ArrowDataType::LargeUtf8 | ArrowDataType::Utf8View) {
            field.dtype = ArrowDataType::Utf8;
        }
    }
    let kv = polars_parquet::write::schema_to_metadata_key(&schema);
    (kv.key, kv.value.unwrap_or_default())
}

/// Writes `table` to `path` atomically, with key-value metadata in the file footer.
pub fn write(path: &Path, table: &Table, metadata: &[(String, String)]) -> Result<(), Error> {
    let parquet_err =
        |e: polars::prelude::PolarsError| Error::Parquet { path: path.to_path_buf(), message: e.to_string() };
    let mut df = frame(table).map_err(parquet_err)?;
    let mut meta = vec![arrow_schema(&df)];
    meta.extend_from_slice(metadata);
    write_with(
        path,
        |tmp| {
            // Buffered: the writer emits many small pieces, one syscall each otherwise (a sweep
            // of tiny runs spent most of its time in them).
            let file = File::create(tmp).map_err(Error::write(path))?;
            let mut file = std::io::BufWriter::with_capacity(1 << 16, file);
            ParquetWriter::new(&mut file)
                .with_compression(ParquetCompression::Zstd(None))
                .with_key_value_metadata(Some(KeyValueMetadata::from_static(meta)))
                .finish(&mut df)
                .map_err(|e| match e {
                    polars::prelude::PolarsError::IO { error, .. } => Error::Write {
                        path: path.to_path_buf(),
                        source: std::io::Error::new(error.kind(), error.to_string()),
                    },
                    // The Parquet writer reports a failed write as a message, not an I/O error.
                    other if other.to_string().contains("IO error") => Error::Write {
                        path: path.to_path_buf(),
                        source: std::io::Error::other(other.to_string()),
                    },
                    other => parquet_err(other),
                })?;
            std::io::Write::flush(&mut file).map_err(Error::write(path))?;
            Ok(())
        },
        Error::write(path),
    )
}

/// Reads a Parquet file back into plain columns.
pub fn read(path: &Path) -> Result<Table, Error> {
    let err = |message: String| Error::Read { path: path.to_path_buf(), message };
    let file = File::open(path).map_err(Error::read(path))?;
    let df = ParquetReader::new(file).finish().map_err(|e| err(e.to_string()))?;
    let mut table = Table::default();
    for col in df.columns() {
        let name = col.name().to_string();
        let s = col.as_materialized_series();
        let column = if let Ok(ca) = s.i64() {
            Column::Int(ca.iter().collect())
        } else if let Ok(ca) = s.u64() {
            Column::UInt(ca.iter().collect())
        } else if let Ok(ca) = s.f64() {
            Column::Float(ca.iter().collect())
        } else if let Ok(ca) = s.bool() {
            Column::Bool(ca.iter().collect())
        } else if let Ok(ca) = s.str() {
            Column::Str(ca.iter().map(|v| v.map(str::to_string)).collect())
        } else {
            return Err(err(format!("column {name} has a type diypol does not write: {}", s.dtype())));
        };
        table.push(name, column);
    }
    Ok(table)
}

/// The key-value metadata of a Parquet file.
/// Rows and columns of a Parquet file, from its footer (which also shows that the file is
/// whole: a truncated file has no footer).
pub fn shape(path: &Path) -> Result<(u64, usize), Error> {
    let err = |message: String| Error::Read { path: path.to_path_buf(), message };
    let file = File::open(path).map_err(Error::read(path))?;
    let mut reader = ParquetReader::new(file);
    let meta = reader.get_metadata().map_err(|e| err(e.to_string()))?;
    Ok((meta.num_rows as u64, meta.schema_descr.columns().len()))
}

pub fn read_metadata(path: &Path) -> Result<Vec<(String, String)>, Error> {
    let err = |message: String| Error::Read { path: path.to_path_buf(), message };
    let file = File::open(path).map_err(Error::read(path))?;
    let mut reader = ParquetReader::new(file);
    let meta = reader.get_metadata().map_err(|e| err(e.to_string()))?;
    Ok(meta
        .key_value_metadata()
        .iter()
        .flatten()
        .map(|kv| (kv.key.clone(), kv.value.clone().unwrap_or_default()))
        .collect())
}
