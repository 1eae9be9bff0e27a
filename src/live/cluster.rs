//! Choosing the cluster as kubectl does: `KUBECONFIG` or `~/.kube/config` (with
//! `--context`), else the in-cluster service account.

use kube::config::{KubeConfigOptions, Kubeconfig};
use kube::{Client, Config};

use super::LiveError;

/// The cluster chosen, described for the confirmation prompt.
pub struct Target {
    pub client: Client,
    /// "context kind-sts (https://127.0.0.1:6443)"
    pub description: String,
}

/// Connects to the cluster of `context` (or the current context, or in-cluster).
pub async fn connect(context: Option<&str>) -> Result<Target, LiveError> {
    let kubeconfig = Kubeconfig::read();
    let (config, description) = match kubeconfig {
        Ok(file) => {
            let name = context
                .map(str::to_string)
                .or_else(|| file.current_context.clone());
            if let Some(wanted) = context
                && !file.contexts.iter().any(|c| c.name == wanted)
            {
                let names: Vec<String> = file.contexts.iter().map(|c| c.name.clone()).collect();
                return Err(LiveError {
                    message: format!("there is no context `{wanted}` in your kubeconfig"),
                    help: format!("contexts: {}", names.join(", ")),
                });
            }
            let options = KubeConfigOptions {
                context: name.clone(),
                ..KubeConfigOptions::default()
            };
            let config = Config::from_kubeconfig(&options)
                .await
                .map_err(|e| LiveError {
                    message: format!("cannot use your kubeconfig: {e}"),
                    help: "check it with `kubectl config view`".into(),
                })?;
            let description = format!(
                "context {} ({})",
                name.unwrap_or_else(|| "(default)".into()),
                config.cluster_url
            );
            (config, description)
        }
        Err(file_error) => match Config::incluster() {
            Ok(config) => {
                let description =
                    format!("the in-cluster service account ({})", config.cluster_url);
                (config, description)
            }
            Err(_) => {
                return Err(LiveError {
                    message: format!("no cluster is configured: {file_error}"),
                    help: "set KUBECONFIG or create ~/.kube/config (kind, k3d and minikube write one), or run inside a cluster".into(),
                });
            }
        },
    };
    let client = Client::try_from(config).map_err(|e| LiveError {
        message: format!("cannot create a client: {e}"),
        help: String::new(),
    })?;
    Ok(Target {
        client,
        description,
    })
}
