//! The kinds of zone a tenant is divided into.
use sea_orm::entity::prelude::StringLen;

code_enum! {
    /// Milan's Municipi and their NIL (neighbourhoods), the comuni of a district.
    pub enum ZoneKind {
        Municipio,
        Nil,
        Comune,
    }
}
