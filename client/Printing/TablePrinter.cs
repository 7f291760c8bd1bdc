using System.Globalization;

namespace OrleansKube.Cli.Printing;

/// <summary>The default and wide tables of <c>get</c>, column for column as kubectl prints them.</summary>
public static class TablePrinter
{
    public static void Print(IReadOnlyList<KubeObject> objects, KindInfo kind, bool wide, bool withNamespace, DateTimeOffset now, TextWriter output)
    {
        var (headers, rows) = Build(objects, kind, wide, now);
        if (withNamespace && kind.Namespaced)
        {
            headers = ["NAMESPACE", .. headers];
            rows = [.. rows.Select((row, i) => (string[])[objects[i].Metadata.Namespace ?? "", .. row])];
        }

        Write([headers, .. rows], output);
    }

    /// <summary>Writes aligned columns with kubectl's three-space gutter (two for rollout history's).</summary>
    public static void Write(IReadOnlyList<string[]> lines, TextWriter output, int gutter = 3)
    {
        var widths = new int[lines.Max(l => l.Length)];
        foreach (var line in lines)
        {
            for (var i = 0; i < line.Length; i++)
            {
                widths[i] = Math.Max(widths[i], line[i].Length);
            }
        }

        foreach (var line in lines)
        {
            var text = string.Concat(line.Select((cell, i) => i == line.Length - 1 ? cell : cell.PadRight(widths[i] + gutter)));
            output.WriteLine(text.TrimEnd());
        }
    }

    private static (string[] Headers, List<string[]> Rows) Build(IReadOnlyList<KubeObject> objects, KindInfo kind, bool wide, DateTimeOffset now)
    {
        string AgeOf(KubeObject o) => Age.Since(o.Metadata.CreationTimestamp, now);
        string Int(int? value) => (value ?? 0).ToString(CultureInfo.InvariantCulture);
        return kind.Kind switch
        {
            "Pod" => (wide ? ["NAME", "READY", "STATUS", "RESTARTS", "AGE", "IP", "NODE", "NOMINATED NODE", "READINESS GATES"] : ["NAME", "READY", "STATUS", "RESTARTS", "AGE"],
                [.. objects.Cast<Pod>().Select(p => wide
                    ? new[] { p.Metadata.Name!, PodStatusText.Ready(p), PodStatusText.Status(p), PodStatusText.RestartsText(p, now), AgeOf(p), p.Status?.PodIP ?? "<none>", p.Spec.NodeName ?? "<none>", p.Status?.NominatedNodeName ?? "<none>", "<none>" }
                    : [p.Metadata.Name!, PodStatusText.Ready(p), PodStatusText.Status(p), PodStatusText.RestartsText(p, now), AgeOf(p)])]),
            "Node" => (wide ? ["NAME", "STATUS", "ROLES", "AGE", "VERSION", "INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"] : ["NAME", "STATUS", "ROLES", "AGE", "VERSION"],
                [.. objects.Cast<Node>().Select(n => wide
                    ? new[] { n.Metadata.Name!, NodeStatusText(n), NodeRoles(n), AgeOf(n), n.Status?.NodeInfo?.KubeletVersion ?? "", Address(n, "InternalIP"), Address(n, "ExternalIP"), n.Status?.NodeInfo?.OsImage ?? "", n.Status?.NodeInfo?.KernelVersion ?? "", n.Status?.NodeInfo?.ContainerRuntimeVersion ?? "" }
                    : [n.Metadata.Name!, NodeStatusText(n), NodeRoles(n), AgeOf(n), n.Status?.NodeInfo?.KubeletVersion ?? ""])]),
            "Namespace" => (["NAME", "STATUS", "AGE"], [.. objects.Cast<Namespace>().Select(n => new[] { n.Metadata.Name!, n.Status?.Phase?.ToString() ?? "Active", AgeOf(n) })]),
            "ConfigMap" => (["NAME", "DATA", "AGE"], [.. objects.Cast<ConfigMap>().Select(c => new[] { c.Metadata.Name!, Int((c.Data?.Count ?? 0) + (c.BinaryData?.Count ?? 0)), AgeOf(c) })]),
            "Secret" => (["NAME", "TYPE", "DATA", "AGE"], [.. objects.Cast<Secret>().Select(s => new[] { s.Metadata.Name!, s.Type ?? "Opaque", Int((s.Data?.Count ?? 0) + (s.StringData?.Count ?? 0)), AgeOf(s) })]),
            "Service" => (["NAME", "TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], [.. objects.Cast<Service>().Select(s => new[]
            {
                s.Metadata.Name!, s.Spec?.Type?.ToString() ?? "ClusterIP", s.Spec?.ClusterIP ?? "<none>", s.Spec?.ExternalName ?? "<none>",
                s.Spec?.Ports is { Count: > 0 } ports ? string.Join(",", ports.Select(p => p.NodePort is { } np ? $"{p.Port}:{np}/{p.Protocol}" : $"{p.Port}/{p.Protocol}")) : "<none>",
                AgeOf(s),
            })]),
            "Event" => (["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"], [.. objects.Cast<Event>().OrderBy(e => e.LastTimestamp).Select(e => new[]
            {
                Age.Since(e.LastTimestamp ?? e.Metadata.CreationTimestamp, now), e.Type ?? "", e.Reason ?? "",
                $"{e.InvolvedObject.Kind?.ToLowerInvariant()}/{e.InvolvedObject.Name}", e.Message ?? "",
            })]),
            "ReplicaSet" => (["NAME", "DESIRED", "CURRENT", "READY", "AGE"], [.. objects.Cast<ReplicaSet>().Select(r => new[] { r.Metadata.Name!, Int(r.Spec?.Replicas), Int(r.Status?.Replicas), Int(r.Status?.ReadyReplicas), AgeOf(r) })]),
            "Deployment" => (["NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE"], [.. objects.Cast<Deployment>().Select(d => new[] { d.Metadata.Name!, $"{Int(d.Status?.ReadyReplicas)}/{Int(d.Spec?.Replicas)}", Int(d.Status?.UpdatedReplicas), Int(d.Status?.AvailableReplicas), AgeOf(d) })]),
            "DaemonSet" => (["NAME", "DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"], [.. objects.Cast<DaemonSet>().Select(d => new[]
            {
                d.Metadata.Name!, Int(d.Status?.DesiredNumberScheduled), Int(d.Status?.CurrentNumberScheduled), Int(d.Status?.NumberReady), Int(d.Status?.UpdatedNumberScheduled), Int(d.Status?.NumberAvailable),
                d.Spec?.Template?.Spec?.NodeSelector is { Count: > 0 } selector ? string.Join(",", selector.Select(s => $"{s.Key}={s.Value}")) : "<none>", AgeOf(d),
            })]),
            "Job" => (["NAME", "STATUS", "COMPLETIONS", "DURATION", "AGE"], [.. objects.Cast<Job>().Select(j => new[]
            {
                j.Metadata.Name!, JobStatusText(j), $"{Int(j.Status?.Succeeded)}/{Int(j.Spec?.Completions)}",
                j.Status?.StartTime is { } start ? Age.Format((j.Status.CompletionTime ?? now) - start) : "", AgeOf(j),
            })]),
            "CronJob" => (["NAME", "SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"], [.. objects.Cast<CronJob>().Select(c => new[]
            {
                c.Metadata.Name!, c.Spec?.Schedule ?? "", c.Spec?.TimeZone ?? "<none>", (c.Spec?.Suspend ?? false) ? "True" : "False", Int(c.Status?.Active?.Count),
                c.Status?.LastScheduleTime is { } last ? Age.Since(last, now) : "<none>", AgeOf(c),
            })]),
            "Endpoints" => (["NAME", "ENDPOINTS", "AGE"], [.. objects.Cast<Endpoints>().Select(e => new[] { e.Metadata.Name!, EndpointsText(e), AgeOf(e) })]),
            "Lease" => (["NAME", "HOLDER", "AGE"], [.. objects.Cast<Lease>().Select(l => new[] { l.Metadata.Name!, l.Spec?.HolderIdentity ?? "", AgeOf(l) })]),
            "PriorityClass" => (["NAME", "VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"], [.. objects.Cast<PriorityClass>().Select(p => new[]
            {
                p.Metadata.Name!, p.Value.ToString(CultureInfo.InvariantCulture), (p.GlobalDefault ?? false) ? "true" : "false", AgeOf(p), p.PreemptionPolicy?.ToString() ?? "PreemptLowerPriority",
            })]),
            _ => (["NAME", "AGE"], [.. objects.Select(o => new[] { o.Metadata.Name!, AgeOf(o) })]),
        };
    }

    public static string NodeStatusText(Node node)
    {
        var ready = node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready");
        // As kubectl: Ready, NotReady (False or Unknown), or Unknown when the node reports no Ready condition.
        var text = ready is null ? "Unknown" : ready.Status == ConditionStatus.True ? "Ready" : "NotReady";
        return node.Spec?.Unschedulable == true ? text + ",SchedulingDisabled" : text;
    }

    private static string NodeRoles(Node node)
    {
        var roles = (node.Metadata.Labels ?? []).Keys
            .Where(k => k.StartsWith("node-role.kubernetes.io/", StringComparison.Ordinal))
            .Select(k => k["node-role.kubernetes.io/".Length..])
            .Where(r => r.Length > 0)
            .Order(StringComparer.Ordinal)
            .ToList();
        return roles.Count == 0 ? "<none>" : string.Join(",", roles);
    }

    private static string Address(Node node, string type) =>
        node.Status?.Addresses?.FirstOrDefault(a => a.Type == type)?.Address ?? "<none>";

    // As kubectl: ready addresses with each port, the first three, then "+ N more...".
    private static string EndpointsText(Endpoints endpoints)
    {
        var all = (endpoints.Subsets ?? []).SelectMany(s => (s.Addresses ?? []).SelectMany(a => (s.Ports ?? []).Count == 0
            ? [a.Ip]
            : s.Ports!.Select(p => $"{a.Ip}:{p.Port}"))).ToList();
        return all.Count == 0 ? "<none>" : all.Count <= 3 ? string.Join(",", all) : $"{string.Join(",", all.Take(3))} + {all.Count - 3} more...";
    }

    private static string JobStatusText(Job job) =>
        job.Status?.Conditions?.FirstOrDefault(c => c.Status == ConditionStatus.True && c.Type is "Complete" or "Failed")?.Type
        ?? (job.Spec?.Suspend == true ? "Suspended" : "Running");
}
