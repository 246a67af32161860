//! Where a deploy's credentials come from: the environment, then the AWS
//! shared files (`~/.aws/credentials`, `~/.aws/config`), as the AWS tools
//! read them. Never `site.yaml`. When none are found, the error lists every
//! place looked at, so the editor knows where to put them.

use std::path::{Path, PathBuf};

/// An access key and its secret (and a session token for temporary keys).
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub key_id: String,
    pub secret: String,
    pub token: Option<String>,
    /// Where they were found, for messages (`the environment`, `profile …`).
    pub source: String,
}

impl std::fmt::Debug for Credentials {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The secret never reaches a log.
        write!(f, "Credentials({} from {})", self.key_id, self.source)
    }
}

/// The environment a search reads: variables and the home folder.
pub struct Environment<'a> {
    pub var: &'a dyn Fn(&str) -> Option<String>,
    pub home: Option<PathBuf>,
}

impl Environment<'_> {
    fn get(&self, name: &str) -> Option<String> {
        (self.var)(name).filter(|v| !v.is_empty())
    }
}

/// Finds credentials: with `profile` given (the target's), that profile;
/// otherwise `AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`, then the profile
/// `AWS_PROFILE` names, else `default`. `Err` says where it looked.
pub fn find(profile: Option<&str>, env: &Environment) -> Result<Credentials, Vec<String>> {
    let mut looked = Vec::new();
    if profile.is_none() {
        match (env.get("AWS_ACCESS_KEY_ID"), env.get("AWS_SECRET_ACCESS_KEY")) {
            (Some(key_id), Some(secret)) => {
                return Ok(Credentials {
                    key_id,
                    secret,
                    token: env.get("AWS_SESSION_TOKEN"),
                    source: "the environment (AWS_ACCESS_KEY_ID)".into(),
                });
            }
            _ => looked.push(
                "the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (not both set)"
                    .to_string(),
            ),
        }
    }
    let name = profile
        .map(str::to_string)
        .or_else(|| env.get("AWS_PROFILE"))
        .unwrap_or_else(|| "default".into());
    let aws = env.home.as_ref().map(|h| h.join(".aws"));
    let credentials_file = env
        .get("AWS_SHARED_CREDENTIALS_FILE")
        .map(PathBuf::from)
        .or_else(|| aws.as_ref().map(|a| a.join("credentials")));
    let config_file = env
        .get("AWS_CONFIG_FILE")
        .map(PathBuf::from)
        .or_else(|| aws.as_ref().map(|a| a.join("config")));
    // In `config`, a profile's section is `[profile NAME]` (but `[default]`).
    let config_section = if name == "default" {
        name.clone()
    } else {
        format!("profile {name}")
    };
    for (file, section) in [
        (credentials_file, name.clone()),
        (config_file, config_section),
    ] {
        let Some(file) = file else { continue };
        match from_file(&file, &section) {
            Ok(Some((key_id, secret, token))) => {
                return Ok(Credentials {
                    key_id,
                    secret,
                    token,
                    source: format!("profile `{name}` in {}", file.display()),
                });
            }
            Ok(None) => looked.push(format!(
                "profile `{name}` in {} (no keys there)",
                file.display()
            )),
            Err(why) => looked.push(format!("profile `{name}` in {} ({why})", file.display())),
        }
    }
    Err(looked)
}

type Keys = (String, String, Option<String>);

fn from_file(file: &Path, section: &str) -> Result<Option<Keys>, String> {
    let text = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err("no such file".into()),
        Err(e) => return Err(e.to_string()),
    };
    let values = section_values(&text, section);
    let get = |key: &str| {
        values
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    Ok(
        match (get("aws_access_key_id"), get("aws_secret_access_key")) {
            (Some(key_id), Some(secret)) => Some((key_id, secret, get("aws_session_token"))),
            _ => None,
        },
    )
}

/// The `key = value` lines of `[section]` in an INI file (comments are `#` and `;`).
fn section_values(text: &str, section: &str) -> Vec<(String, String)> {
    let mut inside = false;
    let mut values = Vec::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = name.trim() == section;
        } else if inside && let Some((key, value)) = line.split_once('=') {
            values.push((key.trim().to_ascii_lowercase(), value.trim().to_string()));
        }
    }
    values
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn env_of(vars: &[(&str, &str)], home: Option<PathBuf>, run: impl FnOnce(&Environment)) {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let var = move |name: &str| map.get(name).cloned();
        run(&Environment { var: &var, home });
    }

    #[test]
    fn the_environment_comes_first() {
        env_of(
            &[
                ("AWS_ACCESS_KEY_ID", "AKID"),
                ("AWS_SECRET_ACCESS_KEY", "s3cr3t"),
            ],
            None,
            |env| {
                let found = find(None, env).unwrap();
                assert_eq!(
                    (found.key_id.as_str(), found.secret.as_str()),
                    ("AKID", "s3cr3t")
                );
                assert!(!format!("{found:?}").contains("s3cr3t"));
            },
        );
    }

    #[test]
    fn profiles_are_read_from_the_shared_files() {
        let home = tempfile::tempdir().unwrap();
        std::fs::create_dir(home.path().join(".aws")).unwrap();
        std::fs::write(
            home.path().join(".aws/credentials"),
            "[default]\naws_access_key_id = DEF\naws_secret_access_key = d\n\n# newsroom\n[news]\naws_access_key_id=NEWS\naws_secret_access_key=n\n",
        )
        .unwrap();
        std::fs::write(
            home.path().join(".aws/config"),
            "[profile cfg]\naws_access_key_id = CFG\naws_secret_access_key = c\n",
        )
        .unwrap();
        let home = Some(home.path().to_path_buf());
        env_of(&[], home.clone(), |env| {
            assert_eq!(find(None, env).unwrap().key_id, "DEF")
        });
        env_of(&[], home.clone(), |env| {
            assert_eq!(find(Some("news"), env).unwrap().key_id, "NEWS")
        });
        env_of(&[("AWS_PROFILE", "cfg")], home.clone(), |env| {
            assert_eq!(find(None, env).unwrap().key_id, "CFG")
        });
        env_of(&[], home, |env| {
            let looked = find(Some("nobody"), env).unwrap_err();
            assert!(
                looked.iter().all(|l| l.contains("profile `nobody`")),
                "{looked:?}"
            );
        });
    }

    #[test]
    fn with_nothing_the_error_says_where_it_looked() {
        let home = tempfile::tempdir().unwrap();
        env_of(&[], Some(home.path().to_path_buf()), |env| {
            let looked = find(None, env).unwrap_err();
            assert_eq!(looked.len(), 3, "{looked:?}");
            assert!(looked[0].contains("AWS_ACCESS_KEY_ID"));
            assert!(looked[1].contains(".aws/credentials (no such file)"));
            assert!(looked[2].contains(".aws/config (no such file)"));
        });
    }
}
