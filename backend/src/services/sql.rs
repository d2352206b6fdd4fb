//! A small helper for the few hand-written statements (search, facets) that must run on
//! SQLite and PostgreSQL: it numbers placeholders the way each backend wants.
use sea_orm::{DbBackend, FromQueryResult, Statement, Value};

/// A `code, n` row of a GROUP BY count.
#[derive(FromQueryResult)]
pub struct CodeCount {
    pub code: String,
    pub n: i64,
}

pub struct Sql {
    backend: DbBackend,
    text: String,
    values: Vec<Value>,
}

impl Sql {
    pub fn new(backend: DbBackend) -> Self {
        Self {
            backend,
            text: String::new(),
            values: Vec::new(),
        }
    }

    pub fn backend(&self) -> DbBackend {
        self.backend
    }

    /// Binds a value and returns its placeholder.
    pub fn param(&mut self, v: impl Into<Value>) -> String {
        self.values.push(v.into());
        match self.backend {
            DbBackend::Postgres => format!("${}", self.values.len()),
            _ => "?".to_owned(),
        }
    }

    /// A comma-separated list of placeholders for `vs`.
    pub fn params<V: Into<Value> + Clone>(&mut self, vs: &[V]) -> String {
        vs.iter()
            .map(|v| self.param(v.clone()))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }

    pub fn build(self) -> Statement {
        Statement::from_sql_and_values(self.backend, self.text, self.values)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_follow_the_backend() {
        let mut pg = Sql::new(DbBackend::Postgres);
        let a = pg.param(1);
        let b = pg.params(&[2, 3]);
        assert_eq!((a.as_str(), b.as_str()), ("$1", "$2, $3"));
        let mut lite = Sql::new(DbBackend::Sqlite);
        assert_eq!(lite.params(&["x", "y"]), "?, ?");
    }
}
