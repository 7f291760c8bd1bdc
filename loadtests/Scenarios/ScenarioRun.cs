using System.Diagnostics;
using OrleansKube.Cli.Commands;
using OrleansKube.Grains.Abstractions;
using OrleansKube.LoadTests.Cost;
using OrleansKube.Model.Apps;
using OrleansKube.Model.Core;
using OrleansKube.Model.Meta;
using OrleansKube.Model.Resources;

namespace OrleansKube.LoadTests.Scenarios;

/// <summary>
/// Executes a scenario's steps against a cluster through the API front, as ClusterLoader2 does through the API
/// server: every object it makes is labelled <c>run=ID</c> and lives in its own namespaces, so a run on a shared
/// cluster sees only its own. Records what happened in a <see cref="RunRecorder"/>; the first create step starts the
/// <see cref="CostMeter"/>'s window.
/// </summary>
public sealed class ScenarioRun(IClusterClient client, IApiGrain api, RunRecorder recorder, string runId, ProgressView progress, EmbeddedClock? embedded = null, CostMeter? cost = null)
{
    private static readonly TimeSpan SettleGuard = TimeSpan.FromMinutes(2);

    public const string RunLabel = "run";
    private const string ZoneLabel = "topology.kubernetes.io/zone";
    private const string RevisionAnnotation = "loadtest.orleanskube.io/revision";
    private const int LargeRun = 20_000;
    private readonly List<DeploymentEntry> _deployments = [];
    private readonly HashSet<string> _namespaces = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failedNodes = new(StringComparer.Ordinal);
    private int _barePods;
    private int _revision;

    public IReadOnlyCollection<string> Namespaces => _namespaces;

    private int Expected
    {
        get
        {
            lock (_deployments)
            {
                return _deployments.Sum(d => d.Replicas) + _barePods;
            }
        }
    }

    /// <summary>Runs the steps in order; stops at the first that fails. True when every step succeeded.</summary>
    public async Task<bool> ExecuteAsync(IReadOnlyList<Step> steps, string prefix, CancellationToken cancellationToken)
    {
        foreach (var step in steps)
        {
            if (step is Repeat repeat)
            {
                for (var i = 1; i <= repeat.Times; i++)
                {
                    if (!await ExecuteAsync(repeat.Steps, $"{prefix}{repeat.Name} {i}/{repeat.Times}: ", cancellationToken))
                    {
                        return false;
                    }
                }

                continue;
            }

            var name = prefix + step.Name;
            var bar = progress.Start(name);
            var started = await api.NowAsync();
            if (step is CreateDeployments or CreatePods)
            {
                cost?.FirstCreate();
                cost?.Expect(Expected + (step is CreateDeployments deployments ? deployments.Pods : ((CreatePods)step).Pods));
            }

            bool ok;
            string detail;
            try
            {
                (ok, detail) = await StepAsync(step, bar, cancellationToken);
            }
            catch (Exception e) when (e is ApiException or OrleansException or TimeoutException)
            {
                (ok, detail) = (false, $"error: {e.Message}");
            }

            var ended = await api.NowAsync();
            recorder.Step(new StepResult(name, Action(step), recorder.Since(started), (ended - started).TotalSeconds, ok, detail));
            bar.Done($"{detail} ({(ended - started).TotalSeconds:F1} s)");
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The step's YAML key: <c>CreateDeployments</c> → <c>createDeployments</c>.</summary>
    private static string Action(Step step) => char.ToLowerInvariant(step.GetType().Name[0]) + step.GetType().Name[1..];

    private Task<(bool Ok, string Detail)> StepAsync(Step step, IStepProgress bar, CancellationToken cancellationToken) => step switch
    {
        CreateDeployments create => CreateDeploymentsAsync(create, bar, cancellationToken),
        CreatePods create => CreatePodsAsync(create, bar, cancellationToken),
        WaitForRunning wait => WaitForRunningAsync(wait.Timeout, bar, cancellationToken),
        WaitForDeleted wait => WaitForDeletedAsync(wait.Timeout, bar, cancellationToken),
        ScaleDeployments scale => EditDeploymentsAsync(scale.Qps, bar, "scaled", d => d.Spec!.Replicas = scale.ReplicasPerDeployment, entry => entry.Replicas = scale.ReplicasPerDeployment, cancellationToken),
        UpdateDeployments update => UpdateDeploymentsAsync(update, bar, cancellationToken),
        DeleteDeployments delete => DeleteDeploymentsAsync(delete, bar, cancellationToken),
        FailZone fail => SetZoneAsync(fail.Zone, fail: true),
        RecoverZone recover => SetZoneAsync(recover.Zone, fail: false),
        Sleep sleep => SleepAsync(sleep.Duration, cancellationToken),
        Advance advance => AdvanceAsync(advance.By, bar, cancellationToken),
        HeapBaseline baseline => HeapBaselineAsync(baseline),
        HeapCheck check => HeapCheckAsync(check),
        _ => throw new InvalidOperationException($"unknown step {step.GetType().Name}"),
    };

    private async Task<(bool, string)> CreateDeploymentsAsync(CreateDeployments step, IStepProgress bar, CancellationToken cancellationToken)
    {
        await EnsureNamespacesAsync(step.Namespaces);
        var count = (step.Pods + step.ReplicasPerDeployment - 1) / step.ReplicasPerDeployment;
        var first = _deployments.Count;
        var entries = Enumerable.Range(0, count).Select(k => new DeploymentEntry(
            NamespaceName((first + k) % step.Namespaces),
            $"deploy-{first + k}",
            k < count - 1 ? step.ReplicasPerDeployment : step.Pods - (step.ReplicasPerDeployment * (count - 1)))).ToList();
        var done = 0;
        await PacedAsync(entries, step.Qps, async entry =>
        {
            await TimedAsync("CREATE", () => api.ApplyAsync([Deployment(entry, step.TolerationSeconds)], ApplyMode.Create));
            lock (_deployments)
            {
                _deployments.Add(entry);
                bar.Report(++done, count, $"{done}/{count} Deployments");
            }
        }, cancellationToken);
        return (true, $"{count} Deployments, {step.Pods} replicas in {step.Namespaces} namespace(s)");
    }

    private async Task<(bool, string)> CreatePodsAsync(CreatePods step, IStepProgress bar, CancellationToken cancellationToken)
    {
        await EnsureNamespacesAsync(step.Namespaces);
        var first = _barePods;
        var batches = Enumerable.Range(first, step.Pods).Chunk(step.Batch).ToList();
        var done = 0;
        await PacedAsync(batches, step.Qps, async batch =>
        {
            List<KubeObject> pods = [.. batch.Select(i => (KubeObject)new Pod
            {
                Metadata = new ObjectMeta { Name = $"pod-{i}", Namespace = NamespaceName(i % step.Namespaces), Labels = Labels("pod") },
                Spec = PodSpec(null),
            })];
            await TimedAsync("CREATE", () => api.ApplyAsync(pods, ApplyMode.Create));
            lock (_deployments)
            {
                _barePods += batch.Length;
                done += batch.Length;
                bar.Report(done, step.Pods, $"{done}/{step.Pods} pods");
            }
        }, cancellationToken);
        return (true, $"{step.Pods} pods in {batches.Count} requests");
    }

    /// <summary>Polls until every expected pod runs and every Deployment has rolled out (all replicas updated and available).</summary>
    private async Task<(bool, string)> WaitForRunningAsync(TimeSpan timeout, IStepProgress bar, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var expected = Expected;
        while (true)
        {
            var (running, pods) = await SampleAsync();
            bar.Report(Math.Min(running, expected), expected, $"{running}/{expected} Running, {pods} pods");
            if (running >= expected && await RolledOutAsync() && (_failedNodes.Count == 0 || await RunningOnLiveNodesAsync() >= expected))
            {
                await ObservePodsAsync();
                return (true, $"{expected} pods Running");
            }

            if (clock.Elapsed >= timeout)
            {
                await ObservePodsAsync();
                return (false, $"timed out after {timeout.TotalSeconds:F0} s: {running}/{expected} Running");
            }

            await Task.Delay(PollInterval(expected), cancellationToken);
        }
    }

    /// <summary>Every half second; every second past 20,000 pods, so that the chart's samples stay few.</summary>
    private static TimeSpan PollInterval(int pods) => TimeSpan.FromMilliseconds(pods > LargeRun ? 1000 : 500);

    private async Task<(bool, string)> WaitForDeletedAsync(TimeSpan timeout, IStepProgress bar, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var start = -1;
        while (true)
        {
            var (_, pods) = await SampleAsync();
            start = start < 0 ? pods : start;
            bar.Report(start - pods, start, $"{pods} pods left");
            if (pods <= Expected)
            {
                return (true, $"{Expected} pods left ({start} when the wait began)");
            }

            if (clock.Elapsed >= timeout)
            {
                return (false, $"timed out after {timeout.TotalSeconds:F0} s: {pods} pods left");
            }

            await Task.Delay(PollInterval(start), cancellationToken);
        }
    }

    private async Task<(bool, string)> UpdateDeploymentsAsync(UpdateDeployments step, IStepProgress bar, CancellationToken cancellationToken)
    {
        var revision = ++_revision;
        return await EditDeploymentsAsync(step.Qps, bar, "updated", d => (d.Spec!.Template!.Metadata ??= new ObjectMeta()).Annotations = new() { [RevisionAnnotation] = $"{revision}" }, _ => { }, cancellationToken);
    }

    private async Task<(bool, string)> EditDeploymentsAsync(double qps, IStepProgress bar, string verb, Action<Deployment> edit, Action<DeploymentEntry> remember, CancellationToken cancellationToken)
    {
        var done = 0;
        await PacedAsync(_deployments.ToList(), qps, async entry =>
        {
            await TimedAsync("UPDATE", () => EditCommands.EditAsync(api, Kinds.Deployment, entry.Namespace, entry.Name, obj =>
            {
                edit((Deployment)obj);
                return true;
            }));
            lock (_deployments)
            {
                remember(entry);
                bar.Report(++done, _deployments.Count, $"{done}/{_deployments.Count} Deployments");
            }
        }, cancellationToken);
        return (true, $"{_deployments.Count} Deployments {verb}");
    }

    private async Task<(bool, string)> DeleteDeploymentsAsync(DeleteDeployments step, IStepProgress bar, CancellationToken cancellationToken)
    {
        var all = _deployments.ToList();
        var done = 0;
        await PacedAsync(all, step.Qps, async entry =>
        {
            await TimedAsync("DELETE", () => api.DeleteAsync(Kinds.Deployment.Kind, entry.Namespace, entry.Name));
            lock (_deployments)
            {
                _deployments.Remove(entry);
                bar.Report(++done, all.Count, $"{done}/{all.Count} Deployments");
            }
        }, cancellationToken);
        return (true, $"{all.Count} Deployments deleted");
    }

    private async Task<(bool, string)> SetZoneAsync(string zone, bool fail)
    {
        var nodes = await api.ListAsync(new ListQuery(Kinds.Node.Kind, null, $"{ZoneLabel}={zone}"));
        if (nodes.Count == 0)
        {
            return (false, $"no nodes in zone \"{zone}\" (label {ZoneLabel})");
        }

        await Task.WhenAll(nodes.Select(n =>
        {
            var node = client.GetGrain<INodeGrain>(ObjectKey.For(Kinds.Node, null, n.Metadata.Name!).ToString());
            return fail ? node.FailKubeletAsync() : node.RecoverKubeletAsync();
        }));
        var names = nodes.Select(n => n.Metadata.Name!);
        if (fail)
        {
            _failedNodes.UnionWith(names);
        }
        else
        {
            _failedNodes.ExceptWith(names);
        }

        return (true, $"{nodes.Count} nodes of zone {zone} {(fail ? "failed" : "recovered")}");
    }

    private static async Task<(bool, string)> SleepAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        await Task.Delay(duration, cancellationToken);
        return (true, $"slept {duration.TotalSeconds:F0} s");
    }

    /// <summary>
    /// Lets <paramref name="by"/> of simulated time pass in one-second steps; after each, waits until the silo's clock
    /// has fired everything due and the work that set off has run (the silo's <c>Quiescence</c>), so kubelets
    /// renew and controllers wake at about their times and a heap step after it sees no expiry half done.
    /// </summary>
    private async Task<(bool, string)> AdvanceAsync(TimeSpan by, IStepProgress bar, CancellationToken cancellationToken)
    {
        if (embedded is not { } clock)
        {
            return (false, "advance needs the embedded silo (its clock), not --gateway");
        }

        var from = clock.Time.GetUtcNow();
        var until = from + by;
        var wall = Stopwatch.StartNew();
        for (var now = from; now < until; now = clock.Time.GetUtcNow())
        {
            clock.Time.Advance(TimeSpan.FromTicks(Math.Min(TimeSpan.TicksPerSecond, (until - now).Ticks)));
            while (clock.Clock.NextWake is { } due && due <= clock.Time.GetUtcNow())
            {
                await Task.Delay(1, cancellationToken);
            }

            if (!await QuietAsync(clock, cancellationToken))
            {
                return (false, $"the silo did not settle within {SettleGuard.TotalSeconds:F0} s after {(clock.Time.GetUtcNow() - from).TotalSeconds:F0} simulated s; in flight: {clock.Quiescence.Describe()}");
            }

            await api.NowAsync();
            bar.Report((int)(clock.Time.GetUtcNow() - from).TotalSeconds, (int)by.TotalSeconds, $"{(clock.Time.GetUtcNow() - from).TotalMinutes:F0} of {by.TotalMinutes:F0} simulated minutes");
        }

        return (true, $"{by.TotalMinutes:F0} simulated minutes in {wall.Elapsed.TotalSeconds:F1} s");
    }

    /// <summary>Waits until nothing is in flight in the embedded silo; false after <see cref="SettleGuard"/> (a hang guard, not a timing assumption).</summary>
    private static async Task<bool> QuietAsync(EmbeddedClock clock, CancellationToken cancellationToken)
    {
        try
        {
            await clock.Quiescence.WhenQuietAsync().WaitAsync(SettleGuard, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task<(bool, string)> HeapBaselineAsync(HeapBaseline step)
    {
        if (embedded is { } clock && !await QuietAsync(clock, CancellationToken.None))
        {
            return (false, $"the silo did not settle within {SettleGuard.TotalSeconds:F0} s; in flight: {clock.Quiescence.Describe()}");
        }

        var collected = await CollectIdleAsync(step.CollectIdle);
        var heap = FullCollection();
        var records = recorder.RecordsBytes();
        recorder.HeapBaseline = (heap, records);
        var dumped = await GcdumpAsync(step.Gcdump);
        return (true, $"managed heap {Mib(heap)} (after a full collection; the load test's own records ≈ {Mib(records)} of it){collected}{dumped}");
    }

    private async Task<(bool, string)> HeapCheckAsync(HeapCheck check)
    {
        if (recorder.HeapBaseline is not var (baseline, baselineRecords))
        {
            return (false, "heapCheck needs a heapBaseline step before it");
        }

        if (embedded is { } clock && !await QuietAsync(clock, CancellationToken.None))
        {
            return (false, $"the silo did not settle within {SettleGuard.TotalSeconds:F0} s; in flight: {clock.Quiescence.Describe()}");
        }

        var collected = await CollectIdleAsync(check.CollectIdle);
        var heap = FullCollection();
        var records = recorder.RecordsBytes();
        var ratio = (double)(heap - records) / (baseline - baselineRecords);
        var raw = (double)heap / baseline;
        var ok = ratio <= check.MaxRatio;
        recorder.HeapChecked(new HeapMeasurement(check.Name, baseline, heap, Math.Round(ratio, 3), check.MaxRatio, records, Math.Round(raw, 3), ok));
        var dumped = await GcdumpAsync(check.Gcdump);
        return (ok, $"silo heap {Mib(heap - records)} = {ratio:F2}× the baseline {Mib(baseline - baselineRecords)} (at most {check.MaxRatio:F2}×), without the load test's own records ({Mib(baselineRecords)} → {Mib(records)}); with them {Mib(heap)} = {raw:F2}×{collected}{dumped}");
    }

    /// <summary>Says how many grains are active (the three most numerous kinds), then deactivates those idle for <paramref name="idle"/> when given.</summary>
    private async Task<string> CollectIdleAsync(TimeSpan? idle)
    {
        var management = client.GetGrain<IManagementGrain>(0);
        var active = (await management.GetSimpleGrainStatistics())
            .GroupBy(s => s.GrainType.Split(',')[0].Split('.')[^1])
            .Select(g => (Type: g.Key, Count: g.Sum(s => s.ActivationCount)))
            .OrderByDescending(t => t.Count)
            .ToList();
        var counted = $"; {active.Sum(t => t.Count)} activations ({string.Join(", ", active.Take(3).Select(t => $"{t.Type} {t.Count}"))})";
        if (idle is not { } age)
        {
            return counted;
        }

        await management.ForceActivationCollection(age);
        return $"{counted} before collecting those idle {age.TotalSeconds:F0} s";
    }

    /// <summary>The managed heap after a full, compacting collection (large objects too), with the run's pod records compacted.</summary>
    private long FullCollection()
    {
        recorder.Compact();
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    /// <summary>
    /// Writes a heap snapshot of this process to <paramref name="path"/> with dotnet-gcdump (on PATH or in
    /// ~/.dotnet/tools), for comparing what two heap steps hold (<c>dotnet-gcdump report</c>); nothing when no path.
    /// </summary>
    private static async Task<string> GcdumpAsync(string? path)
    {
        if (path is null)
        {
            return "";
        }

        var tools = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".dotnet", "tools", "dotnet-gcdump");
        var start = new ProcessStartInfo(File.Exists(tools) ? tools : "dotnet-gcdump")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "collect", "-p", Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), "-o", Path.GetFullPath(path) })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet-gcdump did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? $"; heap snapshot in {path}"
            : throw new InvalidOperationException($"dotnet-gcdump exited with {process.ExitCode}: {(await error + await output).Trim()}");
    }

    private static string Mib(long bytes) => $"{bytes / (1024.0 * 1024.0):F1} MiB";

    /// <summary>Samples the run's pods for the "pods over time" chart until <paramref name="stop"/>, whatever step runs.</summary>
    public async Task SampleUntilAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var (running, pods) = await SampleAsync();
            recorder.Sample(new Sample(recorder.Since(await api.NowAsync()), running, pods));
            try
            {
                await Task.Delay(PollInterval(Math.Max(pods, Expected)), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Counts the run's pods: Running, and all. The kind's watch cache walks its pods for a count only the first time
    /// it is asked; it keeps the count current from its commits after that, so these polls cost the same at any size.
    /// </summary>
    private async Task<(int Running, int Pods)> SampleAsync()
    {
        var selector = $"{RunLabel}={runId}";
        var pods = await api.CountAsync(new ListQuery(Kinds.Pod.Kind, null, selector));
        var running = await api.CountAsync(new ListQuery(Kinds.Pod.Kind, null, selector, "status.phase=Running"));
        return (running, pods);
    }

    private async Task<bool> RolledOutAsync()
    {
        if (_deployments.Count == 0)
        {
            return true;
        }

        var deployments = await api.ListAsync(new ListQuery(Kinds.Deployment.Kind, null, $"{RunLabel}={runId}"));
        return deployments.Count == _deployments.Count && deployments.Cast<Deployment>().All(d =>
            d.Status is { } status && status.ObservedGeneration >= d.Metadata.Generation
            && status.UpdatedReplicas.GetValueOrDefault() == d.Spec!.Replicas && status.Replicas.GetValueOrDefault() == d.Spec.Replicas
            && status.AvailableReplicas.GetValueOrDefault() == d.Spec.Replicas);
    }

    /// <summary>
    /// The run's pods running on nodes this run has not failed, not being deleted: after a zone fails its pods
    /// keep their last status (their kubelet is gone), so only these count as replicas running again.
    /// </summary>
    private async Task<int> RunningOnLiveNodesAsync()
    {
        var running = 0;
        foreach (var ns in _namespaces)
        {
            running += (await api.ListAsync(new ListQuery(Kinds.Pod.Kind, ns, $"{RunLabel}={runId}", "status.phase=Running")))
                .Count(p => p.Metadata.DeletionTimestamp is null && !_failedNodes.Contains(((Pod)p).Spec?.NodeName ?? ""));
        }

        return running;
    }

    /// <summary>Records the run's pods' timings, a namespace at a time (one list of 300,000 pods outlasts the 30 s call timeout).</summary>
    private async Task ObservePodsAsync()
    {
        foreach (var ns in _namespaces)
        {
            recorder.Observe((await api.ListAsync(new ListQuery(Kinds.Pod.Kind, ns, $"{RunLabel}={runId}"))).Cast<Pod>());
        }
    }

    private async Task EnsureNamespacesAsync(int count)
    {
        var missing = Enumerable.Range(0, count).Select(NamespaceName).Where(n => !_namespaces.Contains(n)).ToList();
        if (missing.Count > 0)
        {
            await api.ApplyAsync([.. missing.Select(n => (KubeObject)new Namespace { Metadata = new ObjectMeta { Name = n, Labels = Labels("namespace") } })], ApplyMode.Apply);
            _namespaces.UnionWith(missing);
        }
    }

    private string NamespaceName(int index) => $"loadtest-{runId}-{index}";

    private Dictionary<string, string> Labels(string role) => new() { [RunLabel] = runId, ["app"] = "loadtest", ["loadtest.orleanskube.io/role"] = role };

    private KubeObject Deployment(DeploymentEntry entry, int? tolerationSeconds)
    {
        var labels = Labels("replica");
        labels["deployment"] = entry.Name;
        return new Deployment
        {
            Metadata = new ObjectMeta { Name = entry.Name, Namespace = entry.Namespace, Labels = Labels("deployment") },
            Spec = new DeploymentSpec
            {
                Replicas = entry.Replicas,
                Selector = new LabelSelector { MatchLabels = new() { [RunLabel] = runId, ["deployment"] = entry.Name } },
                Template = new PodTemplateSpec { Metadata = new ObjectMeta { Labels = labels }, Spec = PodSpec(tolerationSeconds) },
            },
        };
    }

    private static PodSpec PodSpec(int? tolerationSeconds) => new()
    {
        Containers =
        [
            new Container
            {
                Name = "app",
                Image = "registry.k8s.io/pause:3.10",
                Resources = new ResourceRequirements { Requests = new() { ["cpu"] = Quantity.Parse("10m"), ["memory"] = Quantity.Parse("16Mi") } },
            },
        ],
        Tolerations = tolerationSeconds is { } seconds
            ? [.. new[] { "node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable" }.Select(key => new Toleration { Key = key, Operator = TolerationOperator.Exists, Effect = TaintEffect.NoExecute, TolerationSeconds = seconds })]
            : null,
    };

    private async Task TimedAsync(string verb, Func<Task> call)
    {
        var clock = Stopwatch.StartNew();
        await call();
        recorder.Call(verb, clock.Elapsed);
    }

    /// <summary>Starts one call per item at <paramref name="qps"/> (ClusterLoader2's uniform QPS tuning set), all in flight at once if they are slow.</summary>
    private static async Task PacedAsync<T>(IReadOnlyList<T> items, double qps, Func<T, Task> call, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var calls = new List<Task>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            var due = TimeSpan.FromSeconds(i / qps);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed, cancellationToken);
            }

            calls.Add(call(items[i]));
        }

        await Task.WhenAll(calls);
    }

    private sealed class DeploymentEntry(string ns, string name, int replicas)
    {
        public string Namespace { get; } = ns;

        public string Name { get; } = name;

        public int Replicas { get; set; } = replicas;
    }
}
