//! Custom scalars.

use crate::domain::parse_date;
use async_graphql::{InputValueError, InputValueResult, Scalar, ScalarType, Value};
use chrono::NaiveDate;

/// A calendar date in ISO 8601 form, `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Date(pub NaiveDate);

/// A calendar date in ISO 8601 form, `YYYY-MM-DD`.
#[Scalar(name = "Date")]
impl ScalarType for Date {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            // The bundle's date parser, without its leniency for surrounding spaces.
            Value::String(text) => match parse_date(text) {
                Ok(day) if text.trim() == text => Ok(Date(day)),
                _ => Err(InputValueError::custom(format!(
                    "'{text}' is not a date YYYY-MM-DD"
                ))),
            },
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}

impl From<NaiveDate> for Date {
    fn from(date: NaiveDate) -> Self {
        Date(date)
    }
}

/// A 64-bit integer (data versions, audit entry numbers), sent as a decimal string
/// because GraphQL's `Int` holds 32 bits and JSON numbers lose precision past 2^53.
/// Accepted as a string or, when it fits, an integer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Int64(pub i64);

/// A 64-bit integer, sent as a decimal string (e.g. `"1024"`).
#[Scalar(name = "Int64")]
impl ScalarType for Int64 {
    fn parse(value: Value) -> InputValueResult<Self> {
        match &value {
            Value::String(text) => text
                .parse()
                .map(Int64)
                .map_err(|_| InputValueError::custom(format!("'{text}' is not a 64-bit integer"))),
            Value::Number(n) => n
                .as_i64()
                .map(Int64)
                .ok_or_else(|| InputValueError::custom(format!("{n} is not a 64-bit integer"))),
            _ => Err(InputValueError::expected_type(value)),
        }
    }

    fn to_value(&self) -> Value {
        Value::String(self.0.to_string())
    }
}
