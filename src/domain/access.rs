//! Who may see what, as values: a request's [`Reader`], its [`Role`] and the
//! [`Visibility`] it grants.
//!
//! Every store read or write of meetings and their links takes a `Visibility`, and
//! every network query takes a scope made from one, so a surface cannot reach the
//! data without saying whose eyes it reads with. The one place that makes them for a
//! request is `access::View`.

use super::Confidentiality;
use std::fmt;

/// The reader of one request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reader {
    pub role: Role,
    /// The key presented, if any (anonymous readers have none).
    pub key_id: Option<i32>,
}

/// A reader's role, from least to most entitled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Role {
    Viewer,
    Analyst,
    Editor,
    Admin,
}

impl Role {
    /// The least role that may download exports (they carry names and attributes).
    pub const EXPORTS: Role = Role::Analyst;
    /// The least role that may write data and target sets.
    pub const WRITES: Role = Role::Editor;

    pub const ALL: [Role; 4] = [Role::Viewer, Role::Analyst, Role::Editor, Role::Admin];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Analyst => "analyst",
            Role::Editor => "editor",
            Role::Admin => "admin",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text.trim())
    }

    /// What the role may see.
    pub fn visibility(self) -> Visibility {
        match self {
            Role::Viewer => Visibility {
                ceiling: Confidentiality::Public,
                masked: true,
            },
            Role::Analyst | Role::Editor => Visibility {
                ceiling: Confidentiality::Closed,
                masked: false,
            },
            Role::Admin => Visibility::EVERYTHING,
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What one reader or writer may see: the meetings up to a confidentiality ceiling,
/// and whether sensitive people are shown only under pseudonyms, their attributes
/// withheld.
///
/// A meeting above the ceiling does not exist for a holder of this visibility: reads
/// leave it out and writes answer as for an id never used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Visibility {
    ceiling: Confidentiality,
    masked: bool,
}

impl Visibility {
    /// The service itself (model builds, operators' CLI): every meeting, every name.
    pub const EVERYTHING: Visibility = Visibility {
        ceiling: Confidentiality::Confidential,
        masked: false,
    };

    /// The most confidential meetings visible.
    pub fn ceiling(self) -> Confidentiality {
        self.ceiling
    }

    /// Whether a meeting of this level is visible.
    pub fn admits(self, level: Confidentiality) -> bool {
        level <= self.ceiling
    }

    /// Whether sensitive people are masked.
    pub fn masks_sensitive(self) -> bool {
        self.masked
    }

    /// The same visibility with meetings up to `ceiling` at most (a reader asking
    /// for less than their role allows, e.g. an export `--up-to public`).
    pub fn at_most(self, ceiling: Confidentiality) -> Visibility {
        Visibility {
            ceiling: self.ceiling.min(ceiling),
            ..self
        }
    }

    /// The levels visible, least confidential first.
    pub fn levels(self) -> impl Iterator<Item = Confidentiality> {
        Confidentiality::ALL
            .iter()
            .copied()
            .filter(move |c| *c <= self.ceiling)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_see_more_as_they_rise() {
        let viewer = Role::Viewer.visibility();
        assert!(viewer.masks_sensitive());
        assert!(viewer.admits(Confidentiality::Public));
        assert!(!viewer.admits(Confidentiality::Closed));
        let editor = Role::Editor.visibility();
        assert!(!editor.masks_sensitive());
        assert!(editor.admits(Confidentiality::Closed));
        assert!(!editor.admits(Confidentiality::Confidential));
        assert_eq!(Role::Admin.visibility(), Visibility::EVERYTHING);
        assert_eq!(
            Visibility::EVERYTHING
                .at_most(Confidentiality::Public)
                .levels()
                .collect::<Vec<_>>(),
            vec![Confidentiality::Public]
        );
    }
}
