//! Error answers of the server: JSON with the message, a hint and, for a scenario, every
//! problem with its line and column; the status says what kind of error it is.

use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};

use crate::error::Error;

#[derive(Debug)]
pub struct ApiError {
    pub status: StatusCode,
    pub error: String,
    pub hint: String,
    pub problems: Vec<Value>,
}

impl ApiError {
    pub fn new(status: StatusCode, error: impl Into<String>, hint: impl Into<String>) -> ApiError {
        ApiError { status, error: error.into(), hint: hint.into(), problems: Vec::new() }
    }
    pub fn bad_request(error: impl Into<String>, hint: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, error, hint)
    }
    pub fn not_found(error: impl Into<String>, hint: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, error, hint)
    }
    /// A scenario or setting the server will not run (a problem, a cap).
    pub fn invalid(error: impl Into<String>, hint: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, error, hint)
    }
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        match e {
            Error::Invalid(p) => {
                let file = p.file.display().to_string();
                let problems = p
                    .items
                    .iter()
                    .map(|x| {
                        json!({"file": file, "line": x.loc.line, "column": x.loc.column, "path": x.path,
                               "message": x.message, "hint": x.hint})
                    })
                    .collect();
                // One line: the page lists the problems itself.
                let error = match p.items.as_slice() {
                    [one] => format!("{file}:{}:{}: {}", one.loc.line, one.loc.column, one.message),
                    many => format!("{file} has {} problems", many.len()),
                };
                ApiError {
                    problems,
                    ..ApiError::invalid(error, "fix the problems listed, each at its line:column")
                }
            }
            other => {
                let text = other.to_string();
                let (message, hint) = text.split_once("\n  hint: ").unwrap_or((&text, ""));
                let status = match other.kind() {
                    crate::ExitKind::BadInput => StatusCode::UNPROCESSABLE_ENTITY,
                    _ => StatusCode::INTERNAL_SERVER_ERROR,
                };
                ApiError::new(status, message, hint)
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = json!({"error": self.error, "hint": self.hint, "problems": self.problems});
        (self.status, Json(body)).into_response()
    }
}
