using System.Globalization;
using System.Text.Json.Nodes;
using OrleansKube.Manifests.Printing;
using OrleansKube.Model.Serialization;

namespace OrleansKube.Cli.Printing;

/// <summary><c>describe</c>: kubectl's layout for Pods, Nodes, Deployments and Secrets; other kinds show metadata and their spec/status as YAML. Events come last.</summary>
public static class Describer
{
    public static void Describe(KubeObject obj, IReadOnlyList<Event> events, DateTimeOffset now, TextWriter output, IReadOnlyList<KubeObject>? related = null)
    {
        if (obj is Secret secret)
        {
            DescribeSecret(secret, output); // kubectl's describe of a Secret shows no events
            return;
        }

        var w = new DescribeWriter(output);
        switch (obj)
        {
            case Deployment deployment:
                DescribeDeployment(deployment, [.. (related ?? []).OfType<ReplicaSet>()], w);
                break;
            case Pod pod:
                DescribePod(pod, w);
                break;
            case Node node:
                DescribeNode(node, w);
                break;
            default:
                DescribeGeneric(obj, w);
                break;
        }

        if (events.Count == 0)
        {
            w.Line(0, "Events", "<none>");
            return;
        }

        output.WriteLine("Events:");
        var rows = new List<string[]> { new[] { "  Type", "Reason", "Age", "From", "Message" }, new[] { "  ----", "------", "----", "----", "-------" } };
        rows.AddRange(events.OrderBy(e => e.LastTimestamp).Select(e => new[]
        {
            "  " + e.Type, e.Reason ?? "", Age.Since(e.LastTimestamp ?? e.Metadata.CreationTimestamp, now), e.Source?.Component ?? "", e.Message ?? "",
        }));
        TablePrinter.Write(rows, output);
    }

    private static void DescribePod(Pod pod, DescribeWriter w)
    {
        var status = pod.Status;
        Metadata(pod, w);
        w.Line(0, "Priority", (pod.Spec.Priority ?? 0).ToString(CultureInfo.InvariantCulture));
        w.Line(0, "Service Account", pod.Spec.ServiceAccountName ?? "default");
        w.Line(0, "Node", pod.Spec.NodeName is { } node ? $"{node}/{status?.HostIP}" : "<none>");
        w.Line(0, "Start Time", status?.StartTime is { } start ? Time(start) : "<unset>");
        w.Line(0, "Status", pod.Metadata.DeletionTimestamp is not null ? "Terminating" : status?.Phase?.ToString() ?? "Pending");
        if (status?.Reason is { } reason)
        {
            w.Line(0, "Reason", reason);
        }

        if (status?.Message is { } message)
        {
            w.Line(0, "Message", message);
        }

        w.Line(0, "IP", status?.PodIP ?? "");
        if (pod.Spec.InitContainers is { Count: > 0 } inits)
        {
            w.Line(0, "Init Containers", "");
            foreach (var container in inits)
            {
                DescribeContainer(container, status?.InitContainerStatuses?.FirstOrDefault(s => s.Name == container.Name), w);
            }
        }

        w.Line(0, "Containers", "");
        foreach (var container in pod.Spec.Containers)
        {
            DescribeContainer(container, status?.ContainerStatuses?.FirstOrDefault(s => s.Name == container.Name), w);
        }

        w.Line(0, "Conditions", "");
        w.Table(1, ["Type", "Status"], (status?.Conditions ?? []).Select(c => new[] { c.Type, c.Status.ToString() }));
        w.Line(0, "Volumes", pod.Spec.Volumes is { Count: > 0 } volumes ? "" : "<none>");
        foreach (var volume in pod.Spec.Volumes ?? [])
        {
            w.Line(1, volume.Name, "");
            var type = volume.ConfigMap is not null ? "ConfigMap (a volume populated by a ConfigMap)"
                : volume.Secret is not null ? "Secret (a volume populated by a Secret)"
                : volume.EmptyDir is not null ? "EmptyDir (a temporary directory that shares a pod's lifetime)"
                : "HostPath (bare host directory volume)";
            w.Line(2, "Type", type);
        }

        w.Line(0, "QoS Class", status?.QosClass?.ToString() ?? "");
        w.Line(0, "Node-Selectors", pod.Spec.NodeSelector is { Count: > 0 } selector ? string.Join(",", selector.Select(s => $"{s.Key}={s.Value}")) : "<none>");
        w.Line(0, "Tolerations", pod.Spec.Tolerations is { Count: > 0 } tolerations ? string.Join(Environment.NewLine + new string(' ', 18), tolerations.Select(ToleratonText)) : "<none>");
    }

    private static void DescribeContainer(Container container, ContainerStatus? status, DescribeWriter w)
    {
        w.Line(1, container.Name, "");
        w.Line(2, "Image", container.Image ?? "");
        if (container.Ports is { Count: > 0 } ports)
        {
            w.Line(2, "Port", string.Join(", ", ports.Select(p => $"{p.Port}/{p.Protocol}")));
        }

        var state = status?.State;
        if (state?.Running is { } running)
        {
            w.Line(2, "State", "Running");
            w.Line(3, "Started", running.StartedAt is { } at ? Time(at) : "");
        }
        else if (state?.Terminated is { } terminated)
        {
            w.Line(2, "State", "Terminated");
            w.Line(3, "Reason", terminated.Reason ?? "");
            w.Line(3, "Exit Code", terminated.ExitCode.ToString(CultureInfo.InvariantCulture));
        }
        else
        {
            w.Line(2, "State", "Waiting");
            w.Line(3, "Reason", state?.Waiting?.Reason ?? "");
        }

        w.Line(2, "Ready", status?.Ready == true ? "True" : "False");
        w.Line(2, "Restart Count", (status?.RestartCount ?? 0).ToString(CultureInfo.InvariantCulture));
        Resources(w, "Limits", container.Resources?.Limits);
        Resources(w, "Requests", container.Resources?.Requests);
        if (container.Env is { Count: > 0 } env)
        {
            w.Line(2, "Environment", "");
            foreach (var variable in env)
            {
                w.Line(3, variable.Name, variable.Value ?? "<set from a reference>");
            }
        }
    }

    private static void DescribeNode(Node node, DescribeWriter w)
    {
        w.Line(0, "Name", node.Metadata.Name!);
        w.Line(0, "Roles", "<none>");
        Labels(w, "Labels", node.Metadata.Labels);
        Labels(w, "Annotations", node.Metadata.Annotations);
        w.Line(0, "CreationTimestamp", node.Metadata.CreationTimestamp is { } created ? Time(created) : "");
        w.Line(0, "Taints", node.Spec?.Taints is { Count: > 0 } taints ? string.Join(Environment.NewLine + new string(' ', 19), taints.Select(t => $"{t.Key}{(t.Value is null ? "" : "=" + t.Value)}:{t.Effect}")) : "<none>");
        w.Line(0, "Unschedulable", node.Spec?.Unschedulable == true ? "true" : "false");
        w.Line(0, "Conditions", "");
        w.Table(1, ["Type", "Status", "Reason", "Message"], (node.Status?.Conditions ?? []).Select(c => new[] { c.Type, c.Status.ToString(), c.Reason ?? "", c.Message ?? "" }));
        w.Line(0, "Addresses", "");
        foreach (var address in node.Status?.Addresses ?? [])
        {
            w.Line(1, address.Type, address.Address);
        }

        Resources(w, "Capacity", node.Status?.Capacity, indent: 0);
        Resources(w, "Allocatable", node.Status?.Allocatable, indent: 0);
        w.Line(0, "PodCIDR", node.Spec?.PodCIDR ?? "");
    }

    private static void DescribeDeployment(Deployment d, List<ReplicaSet> sets, DescribeWriter w)
    {
        var spec = d.Spec ?? new DeploymentSpec();
        var status = d.Status ?? new DeploymentStatus();
        w.Line(0, "Name", d.Metadata.Name!);
        w.Line(0, "Namespace", d.Metadata.Namespace ?? "");
        w.Line(0, "CreationTimestamp", d.Metadata.CreationTimestamp is { } created ? Time(created) : "");
        Labels(w, "Labels", d.Metadata.Labels);
        Labels(w, "Annotations", d.Metadata.Annotations);
        w.Line(0, "Selector", spec.Selector is null ? "<none>" : Model.Selection.LabelSelectors.ToSelector(spec.Selector).ToString());
        w.Line(0, "Replicas", $"{spec.Replicas ?? 1} desired | {status.UpdatedReplicas ?? 0} updated | {status.Replicas ?? 0} total | {status.AvailableReplicas ?? 0} available | {status.UnavailableReplicas ?? 0} unavailable");
        w.Line(0, "StrategyType", spec.Strategy?.Type?.ToString() ?? "RollingUpdate");
        w.Line(0, "MinReadySeconds", (spec.MinReadySeconds ?? 0).ToString(CultureInfo.InvariantCulture));
        if (spec.Strategy?.RollingUpdate is { } rolling)
        {
            w.Line(0, "RollingUpdateStrategy", $"{rolling.MaxUnavailable} max unavailable, {rolling.MaxSurge} max surge");
        }

        w.Line(0, "Pod Template", "");
        Labels(w, "  Labels", spec.Template?.Metadata?.Labels);
        w.Line(1, "Containers", "");
        foreach (var container in spec.Template?.Spec?.Containers ?? [])
        {
            w.Line(2, container.Name, "");
            w.Line(3, "Image", container.Image ?? "");
            Resources(w, "Requests", container.Resources?.Requests, indent: 3);
            Resources(w, "Limits", container.Resources?.Limits, indent: 3);
        }

        w.Line(0, "Conditions", "");
        w.Table(1, ["Type", "Status", "Reason"], (status.Conditions ?? []).Select(c => new[] { c.Type, c.Status.ToString(), c.Reason ?? "" }));
        var owned = sets.Where(rs => rs.Metadata.OwnerReferences?.Any(o => o.Uid == d.Metadata.Uid && o.Controller == true) == true).ToList();
        var current = owned.FirstOrDefault(rs => Control.Workloads.Deployments.PodTemplateHash.EqualIgnoringHash(rs.Spec?.Template, spec.Template));
        string SetText(ReplicaSet rs) => $"{rs.Metadata.Name} ({rs.Status?.Replicas ?? 0}/{rs.Spec?.Replicas ?? 0} replicas created)";
        var old = owned.Where(rs => rs != current && (rs.Spec?.Replicas > 0 || rs.Status?.Replicas > 0)).Select(SetText).ToList();
        w.Line(0, "OldReplicaSets", old.Count == 0 ? "<none>" : string.Join(", ", old));
        w.Line(0, "NewReplicaSet", current is null ? "<none>" : SetText(current));
    }

    private static void DescribeGeneric(KubeObject obj, DescribeWriter w)
    {
        Metadata(obj, w);
        var json = JsonNode.Parse(KubeJson.Serialize(obj))!.AsObject();
        foreach (var field in new[] { "metadata", "apiVersion", "kind" })
        {
            json.Remove(field);
        }

        foreach (var (name, value) in json)
        {
            w.Line(0, char.ToUpperInvariant(name[0]) + name[1..], "");
            foreach (var line in YamlWriter.Write(value).TrimEnd().Split('\n'))
            {
                w.Raw("  " + line);
            }
        }
    }

    /// <summary>kubectl's describeSecret: each block aligned two spaces past its widest label, and sizes, never the values.</summary>
    private static void DescribeSecret(Secret secret, TextWriter output)
    {
        const int Column = 14; // "Annotations:" and two spaces
        output.WriteLine("Name:".PadRight(Column) + secret.Metadata.Name);
        output.WriteLine("Namespace:".PadRight(Column) + secret.Metadata.Namespace);
        foreach (var (title, pairs) in new[] { ("Labels:", secret.Metadata.Labels), ("Annotations:", secret.Metadata.Annotations) })
        {
            var lines = pairs is { Count: > 0 } ? pairs.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}").ToList() : ["<none>"];
            for (var i = 0; i < lines.Count; i++)
            {
                output.WriteLine((i == 0 ? title : "").PadRight(Column) + lines[i]);
            }
        }

        output.WriteLine();
        output.WriteLine($"Type:  {secret.Type ?? "Opaque"}");
        output.WriteLine();
        output.WriteLine("Data");
        output.WriteLine("====");
        var data = (secret.Data ?? []).OrderBy(d => d.Key, StringComparer.Ordinal).ToList();
        var width = data.Count == 0 ? 0 : data.Max(d => d.Key.Length + 1) + 2;
        foreach (var (key, value) in data)
        {
            // A service account token is the one value kubectl shows.
            var shown = key == "token" && secret.Type == "kubernetes.io/service-account-token" ? System.Text.Encoding.UTF8.GetString(value) : $"{value.Length} bytes";
            output.WriteLine((key + ":").PadRight(width) + shown);
        }
    }

    private static void Metadata(KubeObject obj, DescribeWriter w)
    {
        w.Line(0, "Name", obj.Metadata.Name!);
        if (Kinds.Of(obj).Namespaced)
        {
            w.Line(0, "Namespace", obj.Metadata.Namespace ?? "");
        }

        Labels(w, "Labels", obj.Metadata.Labels);
        Labels(w, "Annotations", obj.Metadata.Annotations);
        if (obj.Metadata.OwnerReferences?.FirstOrDefault(o => o.Controller == true) is { } owner)
        {
            w.Line(0, "Controlled By", $"{owner.Kind}/{owner.Name}");
        }
    }

    private static void Labels(DescribeWriter w, string title, Dictionary<string, string>? labels) =>
        w.Line(0, title, labels is { Count: > 0 } ? string.Join(Environment.NewLine + new string(' ', 18), labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}={l.Value}")) : "<none>");

    private static void Resources(DescribeWriter w, string title, Dictionary<string, Model.Resources.Quantity>? resources, int indent = 2)
    {
        if (resources is not { Count: > 0 })
        {
            return;
        }

        w.Line(indent, title, "");
        foreach (var (name, quantity) in resources.OrderBy(r => r.Key, StringComparer.Ordinal))
        {
            w.Line(indent + 1, name, quantity.ToString());
        }
    }

    /// <summary>As kubectl describe prints a toleration: <c>node.kubernetes.io/unreachable:NoExecute op=Exists for 300s</c>.</summary>
    private static string ToleratonText(Toleration t)
    {
        var text = t.Key + (string.IsNullOrEmpty(t.Value) ? "" : "=" + t.Value) + (t.Effect is null ? "" : ":" + t.Effect);
        if (t.Operator == TolerationOperator.Exists && string.IsNullOrEmpty(t.Value))
        {
            text += string.IsNullOrEmpty(t.Key) && t.Effect is null ? "op=Exists" : " op=Exists";
        }

        return text + (t.TolerationSeconds is { } s ? $" for {s}s" : "");
    }

    private static string Time(DateTimeOffset time) => time.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss '+0000'", CultureInfo.InvariantCulture);

    private sealed class DescribeWriter(TextWriter output)
    {
        public void Line(int indent, string label, string value)
        {
            var prefix = new string(' ', indent * 2) + label + ":";
            output.WriteLine(value.Length == 0 ? prefix : prefix.PadRight(Math.Max(18, prefix.Length + 1)) + value);
        }

        public void Raw(string line) => output.WriteLine(line);

        public void Table(int indent, string[] headers, IEnumerable<string[]> rows)
        {
            var pad = new string(' ', indent * 2);
            List<string[]> lines = [[pad + headers[0], .. headers[1..]], [pad + new string('-', headers[0].Length), .. headers[1..].Select(h => new string('-', h.Length))]];
            lines.AddRange(rows.Select(r => (string[])[pad + r[0], .. r[1..]]));
            TablePrinter.Write(lines, output);
        }
    }
}
