//! Container image references, and the private ECR repository they name.

/// A private Amazon ECR image: `<account>.dkr.ecr.<region>.amazonaws.com/<repository>[:tag|@digest]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcrImage {
    pub account: String,
    pub region: String,
    pub partition: &'static str,
    pub repository: String,
    /// `:tag` or `@sha256:…`, as written; empty when the reference has neither.
    pub version: String,
}

impl EcrImage {
    /// `repository:tag`, or `repository@sha256:` and the first 12 digits of a digest: short
    /// enough to read in a sentence.
    #[must_use]
    pub fn reference(&self) -> String {
        let version = match self.version.split_once("@sha256:") {
            Some((tag, digest)) => format!("{tag}@sha256:{}…", digest.get(..12).unwrap_or(digest)),
            None => self.version.clone(),
        };
        format!("{}{version}", self.repository)
    }

    /// The repository ARN that the layer and image actions need.
    #[must_use]
    pub fn repository_arn(&self) -> String {
        format!(
            "arn:{}:ecr:{}:{}:repository/{}",
            self.partition, self.region, self.account, self.repository
        )
    }
}

/// The namespaces the Amazon ECR console gives pull-through cache rules by default, with the
/// upstream registry each one caches ("Pulling an image with a pull through cache rule in Amazon
/// ECR", ECR user guide). A rule's prefix is the user's choice (any name, or `ROOT` for the whole
/// registry), so no repository name proves a pull-through cache: a repository under one of these
/// prefixes is *taken* to be one, and each line says so. The console's defaults for Microsoft
/// Azure Container Registry and GitLab Container Registry could not be confirmed in AWS's pages,
/// so they are left out rather than guessed.
pub const PULL_THROUGH_CACHE_NAMESPACES: &[(&str, &str)] = &[
    ("ecr-public", "Amazon ECR Public"),
    ("kubernetes", "the Kubernetes container image registry"),
    ("quay", "Quay"),
    ("docker-hub", "Docker Hub"),
    ("github", "GitHub Container Registry"),
];

/// For a repository under a default pull-through cache namespace: the namespace and the
/// upstream registry it caches.
#[must_use]
pub fn pull_through_cache(repository: &str) -> Option<(&'static str, &'static str)> {
    let (first, rest) = repository.split_once('/')?;
    if rest.is_empty() {
        return None;
    }
    PULL_THROUGH_CACHE_NAMESPACES
        .iter()
        .find(|(namespace, _)| *namespace == first)
        .copied()
}

/// Reads a private ECR image reference; `None` for any other registry (Docker Hub, ECR Public,
/// a private registry), whose pulls need no IAM permission.
#[must_use]
pub fn parse_ecr(image: &str) -> Option<EcrImage> {
    let (host, path) = image.trim().split_once('/')?;
    let mut labels = host.split('.');
    let account = labels.next()?;
    let (dkr, ecr, region) = (labels.next()?, labels.next()?, labels.next()?);
    let suffix: Vec<&str> = labels.collect();
    // `ecr-fips` hosts and the China partition follow the same pattern; AWS documents the
    // standard host, the variants are inferred (see docs/rules.md).
    let partition = match suffix.as_slice() {
        ["amazonaws", "com"] => "aws",
        ["amazonaws", "com", "cn"] => "aws-cn",
        _ => return None,
    };
    // `*` stands for an account or Region a template leaves to deploy time (`${AWS::AccountId}`).
    let is_account =
        account == "*" || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()));
    if !is_account || dkr != "dkr" || !(ecr == "ecr" || ecr == "ecr-fips") || region.is_empty() {
        return None;
    }
    let without_digest = path.split_once('@').map_or(path, |(p, _)| p);
    // A tag follows the last `:` after the last `/`.
    let last_segment_start = without_digest.rfind('/').map_or(0, |i| i + 1);
    let repository = match without_digest
        .get(last_segment_start..)
        .and_then(|seg| seg.rfind(':'))
    {
        Some(colon) => without_digest.get(..last_segment_start + colon)?,
        None => without_digest,
    };
    if repository.is_empty() {
        return None;
    }
    Some(EcrImage {
        account: account.to_owned(),
        region: region.to_owned(),
        partition,
        repository: repository.to_owned(),
        version: path.get(repository.len()..).unwrap_or_default().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn derives_repository_arn_from_tagged_and_digest_references() {
        let cases = [
            (
                "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2",
                "arn:aws:ecr:us-east-1:123456789012:repository/web",
            ),
            (
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api@sha256:abcd",
                "arn:aws:ecr:eu-west-1:123456789012:repository/team/api",
            ),
            (
                "123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:v1@sha256:abcd",
                "arn:aws:ecr:eu-west-1:123456789012:repository/team/api",
            ),
            (
                "123456789012.dkr.ecr.us-west-2.amazonaws.com/ecr-public/nginx/nginx",
                "arn:aws:ecr:us-west-2:123456789012:repository/ecr-public/nginx/nginx",
            ),
            (
                "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/app:latest",
                "arn:aws-cn:ecr:cn-north-1:123456789012:repository/app",
            ),
            (
                "*.dkr.ecr.*.amazonaws.com/web:1",
                "arn:aws:ecr:*:*:repository/web",
            ),
        ];
        for (image, arn) in cases {
            assert_eq!(parse_ecr(image).unwrap().repository_arn(), arn, "{image}");
        }
    }

    #[test]
    fn short_reference_keeps_the_tag_and_abbreviates_digests() {
        let tagged = parse_ecr("123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1.2").unwrap();
        assert_eq!(tagged.reference(), "web:1.2");
        let pinned = parse_ecr(
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/a/b@sha256:0123456789abcdef0123",
        )
        .unwrap();
        assert_eq!(pinned.reference(), "a/b@sha256:0123456789ab…");
    }

    #[test]
    fn default_pull_through_cache_namespaces_are_recognised() {
        assert_eq!(
            pull_through_cache("docker-hub/library/nginx"),
            Some(("docker-hub", "Docker Hub"))
        );
        assert_eq!(
            pull_through_cache("ecr-public/nginx/nginx").map(|(n, _)| n),
            Some("ecr-public")
        );
        for repository in [
            "web",
            "team/api",
            "docker-hub",
            "docker-hub/",
            "dockerhub/nginx",
        ] {
            assert_eq!(pull_through_cache(repository), None, "{repository}");
        }
    }

    #[test]
    fn other_registries_are_not_ecr() {
        for image in [
            "nginx:latest",
            "public.ecr.aws/nginx/nginx:1",
            "ghcr.io/org/app:1",
            "registry.example.com:5000/app",
            "12345.dkr.ecr.us-east-1.amazonaws.com/short-account",
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/",
            "123456789012.dkr.ecr.us-east-1.example.com/app",
        ] {
            assert_eq!(parse_ecr(image), None, "{image}");
        }
    }
}
