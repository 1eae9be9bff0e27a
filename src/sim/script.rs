//! The simulator's commands: `scale 5`, `update image=nginx:1.28`, `fail web-1`, `run`, ...

use serde_json::Value;

use super::model::World;

/// Every command, for help and errors.
pub const USAGE: &str = "\
scale N                   set replicas
update image=IMAGE [broken]   change the Pod template (broken: its Pods never become Ready)
update annotation.KEY=VALUE   any other template change (a new revision)
set partition=N           the rolling update's partition
set start=N               ordinals.start
fail POD                  the Pod crashes and stays not Ready
ready POD                 the Pod becomes Ready (a crash is fixed)
exit POD                  the Pod's containers end: phase Failed
delete POD|PVC            kubectl delete pod (or pvc)
delete-set                kubectl delete statefulset
api-fail create|delete|status [N]   the next N such API calls fail (the controller retries)
step [N]                  N seconds of controller syncs (default 1)
time +Ns                  the same as step N
run                       step until nothing changes (at most 600 s)";

/// Runs one command. `Err` says what was wrong and what to type.
pub fn apply(world: &mut World, command: &str) -> Result<(), String> {
    let words: Vec<&str> = command.split_whitespace().collect();
    let pod = |name: Option<&&str>| -> Result<i64, String> {
        let name = name.ok_or("name the Pod, e.g. fail web-1")?;
        world
            .ordinal_of(name)
            .ok_or_else(|| format!("there is no Pod {name} right now"))
    };
    match words.as_slice() {
        [] => Ok(()),
        ["scale", n] => {
            let n: i64 = n
                .parse()
                .map_err(|_| format!("`{n}` is not a number of replicas"))?;
            world.scale(n);
            Ok(())
        }
        ["update", change, rest @ ..] => {
            let broken = rest.contains(&"broken");
            let mut template = world.spec.template.clone();
            let (key, value) = change
                .split_once('=')
                .ok_or("write the change as key=value, e.g. update image=nginx:1.28")?;
            if key == "image" {
                let container = template
                    .pointer_mut("/spec/containers/0")
                    .ok_or("the Pod template has no container")?;
                container["image"] = Value::String(value.to_string());
            } else if let Some(annotation) = key.strip_prefix("annotation.") {
                let metadata = template
                    .as_object_mut()
                    .ok_or("the Pod template is empty")?
                    .entry("metadata")
                    .or_insert_with(|| Value::Object(Default::default()));
                let annotations = metadata
                    .as_object_mut()
                    .ok_or("bad metadata")?
                    .entry("annotations")
                    .or_insert_with(|| Value::Object(Default::default()));
                annotations[annotation] = Value::String(value.to_string());
            } else {
                return Err(format!(
                    "cannot change `{key}`: use image=... or annotation.KEY=..."
                ));
            }
            world.set_template(template, broken);
            Ok(())
        }
        ["set", assignment] => {
            let (key, value) = assignment
                .split_once('=')
                .ok_or("write set partition=N or set start=N")?;
            let n: i64 = value
                .parse()
                .map_err(|_| format!("`{value}` is not a number"))?;
            match key {
                "partition" => world.set_partition(n),
                "start" => world.set_start(n),
                other => return Err(format!("cannot set `{other}`: use partition or start")),
            }
            Ok(())
        }
        ["fail", rest @ ..] => {
            let ordinal = pod(rest.first())?;
            world.fail(ordinal);
            Ok(())
        }
        ["ready", rest @ ..] => {
            let ordinal = pod(rest.first())?;
            world.make_ready(ordinal);
            Ok(())
        }
        ["exit", rest @ ..] => {
            let ordinal = pod(rest.first())?;
            world.exit(ordinal, false);
            Ok(())
        }
        ["api-fail", call, rest @ ..] => {
            let call = match *call {
                "create" => super::model::ApiCall::Create,
                "delete" => super::model::ApiCall::Delete,
                "status" => super::model::ApiCall::Status,
                other => {
                    return Err(format!(
                        "`{other}` is not an API call: use create, delete or status"
                    ));
                }
            };
            let times: usize = rest
                .first()
                .map_or(Ok(1), |n| n.parse())
                .map_err(|_| "write api-fail CALL [N]".to_string())?;
            world.api_failures.extend(std::iter::repeat_n(call, times));
            Ok(())
        }
        ["delete-set"] => {
            world.delete_set();
            Ok(())
        }
        ["delete", name] if world.pvcs.contains_key(*name) => world.delete_pvc(name),
        ["delete", rest @ ..] => {
            let ordinal = pod(rest.first())?;
            world.delete_by_user(ordinal);
            Ok(())
        }
        ["step"] => {
            world.step();
            Ok(())
        }
        ["step", n] | ["time", n] => {
            let n = n.trim_start_matches('+').trim_end_matches('s');
            let seconds: usize = n
                .parse()
                .map_err(|_| format!("`{n}` is not a number of seconds"))?;
            for _ in 0..seconds.min(3600) {
                world.step();
            }
            Ok(())
        }
        ["run"] => {
            world.run(600);
            Ok(())
        }
        [other, ..] => Err(format!(
            "unknown simulator command `{other}`; the commands are:\n{USAGE}"
        )),
    }
}

/// Runs `;`-separated commands; stops at the first error.
pub fn apply_script(world: &mut World, script: &str) -> Result<(), String> {
    for command in script.split([';', '\n']) {
        apply(world, command.trim()).map_err(|e| format!("`{}`: {e}", command.trim()))?;
    }
    Ok(())
}
