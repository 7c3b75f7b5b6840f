// Rules for fetch-kaggle's workloads: the restricted Pod Security Standard (written out here, as the
// Kubernetes documentation lists it, so that it runs without a cluster) and what issue 7 asks of
// every CronJob and Job. Each function returns a list of messages, empty when all is well.

// The pod spec of a workload, or null for objects that run no pods.
function podSpec(object) {
  switch (object.kind) {
    case "Pod": return object.spec ?? {};
    case "CronJob": return object.spec?.jobTemplate?.spec?.template?.spec ?? {};
    case "Job": case "Deployment": case "StatefulSet": case "DaemonSet": case "ReplicaSet":
      return object.spec?.template?.spec ?? {};
    default: return null;
  }
}

const allContainers = (spec) => [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])];

// Check the restricted Pod Security Standard (and the baseline it includes) on every pod spec.
export function checkPodSecurity(object) {
  const spec = podSpec(object);
  if (!spec) return [];
  const out = [];
  const pod = spec.securityContext ?? {};
  for (const key of ["hostNetwork", "hostPID", "hostIPC"]) if (spec[key] === true) out.push(`baseline: ${key} is true`);
  const allowedVolumes = ["configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"];
  for (const volume of spec.volumes ?? []) {
    const types = Object.keys(volume).filter((k) => k !== "name");
    for (const type of types) if (!allowedVolumes.includes(type)) out.push(`restricted: volume ${volume.name} is of type ${type}`);
  }
  const safeSysctls = ["kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
    "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports", "net.ipv4.tcp_keepalive_time",
    "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl", "net.ipv4.tcp_keepalive_probes"];
  for (const sysctl of pod.sysctls ?? []) if (!safeSysctls.includes(sysctl.name)) out.push(`baseline: unsafe sysctl ${sysctl.name}`);
  const seccompOk = (sc) => ["RuntimeDefault", "Localhost"].includes(sc?.seccompProfile?.type);
  const selinuxOk = (sc) => {
    const o = sc?.seLinuxOptions;
    return !o || ((!o.type || ["container_t", "container_init_t", "container_kvm_t", "container_engine_t"].includes(o.type)) && !o.user && !o.role);
  };
  if (!selinuxOk(pod)) out.push("baseline: pod seLinuxOptions not allowed");
  if (pod.runAsUser === 0) out.push("restricted: pod runAsUser is 0");
  if (pod.seccompProfile && !seccompOk(pod)) out.push(`restricted: pod seccompProfile ${pod.seccompProfile.type}`);
  if (pod.appArmorProfile && !["RuntimeDefault", "Localhost"].includes(pod.appArmorProfile.type)) out.push("baseline: pod AppArmor profile");
  for (const container of allContainers(spec)) {
    const sc = container.securityContext ?? {};
    const name = `container ${container.name}`;
    if (sc.privileged === true) out.push(`baseline: ${name} is privileged`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`restricted: ${name} must set allowPrivilegeEscalation: false`);
    const runAsNonRoot = sc.runAsNonRoot ?? pod.runAsNonRoot;
    if (runAsNonRoot !== true) out.push(`restricted: ${name} must run with runAsNonRoot: true`);
    if (sc.runAsUser === 0) out.push(`restricted: ${name} runAsUser is 0`);
    if (!seccompOk(sc) && !(sc.seccompProfile === undefined && seccompOk(pod))) {
      out.push(`restricted: ${name} needs seccompProfile RuntimeDefault or Localhost (pod or container)`);
    }
    const drop = sc.capabilities?.drop ?? [];
    if (!drop.includes("ALL")) out.push(`restricted: ${name} must drop ALL capabilities`);
    for (const cap of sc.capabilities?.add ?? []) if (cap !== "NET_BIND_SERVICE") out.push(`restricted: ${name} adds capability ${cap}`);
    if (sc.procMount && sc.procMount !== "Default") out.push(`baseline: ${name} procMount ${sc.procMount}`);
    if (!selinuxOk(sc)) out.push(`baseline: ${name} seLinuxOptions not allowed`);
    for (const port of container.ports ?? []) if (port.hostPort) out.push(`baseline: ${name} uses hostPort ${port.hostPort}`);
  }
  return out;
}

function checkJobSpec(job, spec, failJobCodes, out) {
  if (job.completionMode === "Indexed" ? job.backoffLimitPerIndex === undefined && job.backoffLimit === undefined
    : job.backoffLimit === undefined) out.push("job: no backoffLimit");
  if (!(job.activeDeadlineSeconds > 0)) out.push("job: no activeDeadlineSeconds");
  if (!(job.ttlSecondsAfterFinished >= 0)) out.push("job: no ttlSecondsAfterFinished");
  const rules = job.podFailurePolicy?.rules ?? [];
  const names = (spec.containers ?? []).map((c) => c.name);
  const failJob = rules.find((r) => r.action === "FailJob" && r.onExitCodes);
  if (!failJob) out.push("job: podFailurePolicy has no FailJob rule on exit codes");
  else {
    const got = [...failJob.onExitCodes.values].sort((a, b) => a - b);
    if (failJob.onExitCodes.operator !== "In") out.push("job: the FailJob rule must use operator In");
    if (failJobCodes && JSON.stringify(got) !== JSON.stringify(failJobCodes)) {
      out.push(`job: FailJob exit codes ${got} differ from docs/operations.md's non-retriable codes ${failJobCodes}`);
    }
    if (!names.includes(failJob.onExitCodes.containerName)) out.push(`job: FailJob names container ${failJob.onExitCodes.containerName}`);
  }
  if (!rules.some((r) => r.action === "Ignore" && (r.onPodConditions ?? []).some((c) => c.type === "DisruptionTarget"))) {
    out.push("job: podFailurePolicy does not ignore DisruptionTarget");
  }
  if (spec.restartPolicy !== "Never") out.push("pod: restartPolicy must be Never (podFailurePolicy needs it)");
}

function checkIndexed(job, container, out) {
  if (job.completionMode !== "Indexed") return;
  const args = container.args ?? [];
  const at = args.indexOf("--shard");
  const shard = at >= 0 ? String(args[at + 1]).match(/^\$\(JOB_COMPLETION_INDEX\)\/(\d+)$/) : null;
  if (!shard) out.push("indexed job: args need --shard $(JOB_COMPLETION_INDEX)/N");
  else if (Number(shard[1]) !== job.completions || job.parallelism > job.completions) {
    out.push(`indexed job: --shard N=${shard[1]} but completions=${job.completions}, parallelism=${job.parallelism}`);
  }
  if (!(container.env ?? []).some((e) => e.name === "JOB_COMPLETION_INDEX")) out.push("indexed job: JOB_COMPLETION_INDEX is not declared");
}

function checkContainer(spec, container, out) {
  const name = `container ${container.name}`;
  const sc = container.securityContext ?? {};
  const env = new Map((container.env ?? []).map((e) => [e.name, e]));
  const mounts = container.volumeMounts ?? [];
  const volume = (mount) => (spec.volumes ?? []).find((v) => v.name === mount.name) ?? {};
  if (sc.readOnlyRootFilesystem !== true) out.push(`${name}: readOnlyRootFilesystem must be true`);
  const tmp = mounts.find((m) => m.mountPath === "/tmp");
  if (!tmp || !volume(tmp).emptyDir) out.push(`${name}: /tmp must be an emptyDir`);
  if (env.has("TMPDIR") && env.get("TMPDIR").value !== "/tmp") out.push(`${name}: TMPDIR is not /tmp`);
  const root = env.get("KAGGLE_DATA_ROOT")?.value;
  const data = mounts.find((m) => m.mountPath === root);
  if (!root || !data || !volume(data).persistentVolumeClaim || data.readOnly) {
    out.push(`${name}: KAGGLE_DATA_ROOT must be a writable persistentVolumeClaim mount`);
  }
  const requests = container.resources?.requests ?? {};
  if (!requests.cpu || !requests.memory || !container.resources?.limits?.memory) out.push(`${name}: needs cpu/memory requests and a memory limit`);
  for (const e of container.env ?? []) if (e.valueFrom?.secretKeyRef) out.push(`${name}: secret ${e.valueFrom.secretKeyRef.name} in env ${e.name}`);
  for (const e of container.envFrom ?? []) if (e.secretRef) out.push(`${name}: secret ${e.secretRef.name} in envFrom`);
  for (const mount of mounts) {
    if (volume(mount).secret && mount.readOnly !== true) out.push(`${name}: secret volume ${mount.name} is not mounted read-only`);
  }
  const args = [...(container.command ?? []), ...(container.args ?? [])];
  const at = args.indexOf("--credentials-file");
  if (at >= 0) {
    const file = String(args[at + 1]);
    const mount = mounts.find((m) => file.startsWith(m.mountPath.replace(/\/?$/, "/")));
    const items = volume(mount ?? {}).secret?.items;
    const inside = mount ? file.slice(mount.mountPath.replace(/\/?$/, "/").length) : "";
    if (!mount || !volume(mount).secret || (items && !items.some((i) => i.path === inside))) {
      out.push(`${name}: --credentials-file ${file} is not a file of a mounted Secret`);
    }
  }
}

// Check what issue 7 asks of fetch-kaggle's CronJobs, Jobs and volume claim.
export function checkWorkload(object, failJobCodes) {
  const out = [];
  if (object.kind === "PersistentVolumeClaim") {
    if (!(object.spec?.accessModes ?? []).includes("ReadWriteMany")) out.push("pvc: accessModes must include ReadWriteMany");
    if (!object.spec?.storageClassName) out.push("pvc: no storageClassName");
    if (!object.spec?.resources?.requests?.storage) out.push("pvc: no storage request");
  }
  if (object.kind !== "CronJob" && object.kind !== "Job") return out;
  const job = object.kind === "CronJob" ? object.spec?.jobTemplate?.spec ?? {} : object.spec ?? {};
  const spec = podSpec(object);
  if (object.kind === "CronJob") {
    const s = object.spec ?? {};
    if (s.concurrencyPolicy !== "Forbid") out.push("cronjob: concurrencyPolicy must be Forbid");
    if (!(s.startingDeadlineSeconds > 0)) out.push("cronjob: no startingDeadlineSeconds");
    if (!s.timeZone) out.push("cronjob: no timeZone");
    if (s.successfulJobsHistoryLimit === undefined || s.failedJobsHistoryLimit === undefined) out.push("cronjob: no history limits");
  }
  checkJobSpec(job, spec, failJobCodes, out);
  const pod = spec.securityContext ?? {};
  if (pod.runAsUser !== 1000 || pod.runAsGroup !== 1000 || pod.fsGroup !== 1000) out.push("pod: must run as uid/gid 1000 with fsGroup 1000");
  if (pod.fsGroupChangePolicy !== "OnRootMismatch") out.push("pod: fsGroupChangePolicy must be OnRootMismatch");
  const grace = spec.terminationGracePeriodSeconds;
  if (!(grace >= 10 && grace <= (job.activeDeadlineSeconds ?? Infinity))) out.push("pod: terminationGracePeriodSeconds must be set (>= 10 s)");
  for (const container of spec.containers ?? []) {
    checkContainer(spec, container, out);
    checkIndexed(job, container, out);
  }
  return out;
}
