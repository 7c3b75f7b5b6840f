"""Turn the pod spec of a rendered CronJob or Job into a `podman run` command line, as a kubelet would
run it: the container's command, args ($(VAR) expanded from its env), env, user and group, read-only
root filesystem, dropped capabilities, and its volumes (PVC -> a podman volume, ConfigMap and Secret ->
read-only files as the kubelet writes them, emptyDir -> tmpfs). Used by tests/ship/test_cronjobs.sh.

  pod_to_podman.py RENDERED.yaml[,MORE.yaml...] KIND/NAME SECRETS.yaml WORKDIR PVC_VOLUME IMAGE [NAME=VALUE...]

Prints the argument list as JSON; the extra NAME=VALUE pairs are env the test adds (the API endpoint
of the stand-in) and JOB_COMPLETION_INDEX for Indexed Jobs. Anything it cannot map is an error, so a
manifest that uses something new fails the test instead of being half run."""
import json
import os
import re
import sys

import yaml

rendered, wanted, secrets_file, workdir, pvc_volume, image, *extra = sys.argv[1:]
docs = [d for path in rendered.split(",") for d in yaml.safe_load_all(open(path)) if d]
secrets = [d for d in yaml.safe_load_all(open(secrets_file)) if d and d.get("kind") == "Secret"]
by_name = {(d["kind"], d["metadata"]["name"]): d for d in docs + secrets}
kind, name = wanted.split("/", 1)
obj = by_name[(kind, name)]
pod = (obj["spec"]["jobTemplate"]["spec"] if kind == "CronJob" else obj["spec"])["template"]["spec"]
assert len(pod["containers"]) == 1 and not pod.get("initContainers"), "one container per pod"
container = pod["containers"][0]
psc, csc = pod.get("securityContext", {}), container.get("securityContext", {})
extra_env = dict(e.split("=", 1) for e in extra)

args = ["podman", "run", "--rm", "--network=host", "--read-only-tmpfs=false"]
user, group = csc.get("runAsUser", psc.get("runAsUser")), csc.get("runAsGroup", psc.get("runAsGroup"))
assert user is not None and group is not None, "runAsUser/runAsGroup must be set"
args += ["--user", f"{user}:{group}"]
if psc.get("fsGroup") is not None:
    args += ["--group-add", str(psc["fsGroup"])]
if csc.get("readOnlyRootFilesystem"):
    args.append("--read-only")
for cap in csc.get("capabilities", {}).get("drop", []):
    args += ["--cap-drop", cap]
if csc.get("allowPrivilegeEscalation") is False:
    args += ["--security-opt", "no-new-privileges"]

env = {}
for e in container.get("env", []):
    if "value" in e:
        env[e["name"]] = str(e["value"])
    elif e.get("valueFrom", {}).get("fieldRef", {}).get("fieldPath", "").endswith("job-completion-index']"):
        env[e["name"]] = extra_env["JOB_COMPLETION_INDEX"]
    else:
        raise SystemExit(f"cannot map env {e['name']}: {e}")
assert not container.get("envFrom"), "envFrom is not mapped"
env.update({k: v for k, v in extra_env.items() if k != "JOB_COMPLETION_INDEX"})


def expand(text):
    """Expand $(VAR) from the container's env, as Kubernetes does for command and args."""
    return re.sub(r"\$\((\w+)\)", lambda m: env.get(m.group(1), m.group(0)), str(text))


volumes = {v["name"]: v for v in pod.get("volumes", [])}
for i, mount in enumerate(container.get("volumeMounts", [])):
    volume, path = volumes[mount["name"]], mount["mountPath"]
    ro = ",ro" if mount.get("readOnly") else ""
    if "persistentVolumeClaim" in volume:
        args += ["-v", f"{pvc_volume}:{path}{ro}"]
    elif "emptyDir" in volume:
        args += ["--tmpfs", f"{path}:rw,mode=1777"]
    elif "configMap" in volume or "secret" in volume:
        if "configMap" in volume:
            source = by_name[("ConfigMap", volume["configMap"]["name"])]
            data, mode = dict(source.get("data", {})), volume["configMap"].get("defaultMode", 0o644)
            items = volume["configMap"].get("items")
        else:
            source = by_name[("Secret", volume["secret"]["secretName"])]
            data = dict(source.get("stringData", {}))
            mode, items = volume["secret"].get("defaultMode", 0o644), volume["secret"].get("items")
        files = {item["path"]: data[item["key"]] for item in items} if items else data
        folder = os.path.join(workdir, f"volume-{i}-{mount['name']}")
        os.makedirs(folder)
        for rel, content in files.items():
            target = os.path.join(folder, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "w", encoding="utf-8") as out:
                out.write(content)
            # The kubelet gives the files to root and, with fsGroup, to that group with group read.
            fs_group = psc.get("fsGroup")
            os.chown(target, 0, fs_group if fs_group is not None else 0)
            os.chmod(target, mode | (0o440 if fs_group is not None else 0))
        args += ["-v", f"{folder}:{path}:ro"]
    else:
        raise SystemExit(f"cannot map volume {mount['name']}: {volume}")

for key, value in env.items():
    args += ["-e", f"{key}={value}"]
command = [expand(c) for c in container.get("command", [])]
if command:
    args += ["--entrypoint", command[0]]
args.append(image)
args += command[1:] + [expand(a) for a in container.get("args", [])]
print(json.dumps(args))
