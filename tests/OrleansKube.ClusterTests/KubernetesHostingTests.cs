using System.Diagnostics;

namespace OrleansKube.ClusterTests;

/// <summary>
/// <c>--kubernetes-hosting</c> against a Kubernetes API: OrleansKube's own. One silo (a cluster of its own) serves the API
/// with TLS and tokens and holds the "pods" of two hosted silos; the two run as those pods would, each in a mount
/// namespace of its own whose <c>/run/secrets/kubernetes.io/serviceaccount</c> has the token, the API's CA and the
/// namespace (what a pod's service account mount gives), with the downward API's variables. Deleting one's pod makes
/// the other's Orleans Kubernetes agent declare that silo dead, as on a real cluster.
/// </summary>
public sealed class KubernetesHostingTests
{
    private const string Namespace = "okube-hosting";
    private const string Token = "agent-token";

    [Fact]
    public async Task SiloPodDeleted_TheOtherSilosKubernetesAgentDeclaresItDead_AndItStops()
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/unshare"))
        {
            Assert.Skip("needs root and unshare(1) to give the hosted silos a service-account mount of their own");
        }

        var directory = Directory.CreateTempSubdirectory("okube-hosting-").FullName;
        var tokens = Path.Combine(directory, "tokens.csv");
        await File.WriteAllTextAsync(tokens, $"{Token},agent,uid-1,\"system:masters\"\n", TestContext.Current.CancellationToken);
        var apiPort = Helpers.FreePort();
        await using var apiRedis = await RedisServer.StartAsync();
        await using var redis = await RedisServer.StartAsync();
        await using var api = SiloProcess.Start(apiRedis, 10, "--api-address", "127.0.0.1", "--api-port", SiloProcess.Text(apiPort), "--token-auth-file", tokens,
            "--api-cert-dir", Path.Combine(directory, "pki"), "--api-kubeconfig", Path.Combine(directory, "kubeconfig"));
        var ca = Path.Combine(directory, "pki", "ca.crt");
        await RealTime.UntilAsync(async () => api.Output.Contains("Kubernetes API: https://", StringComparison.Ordinal) && (await api.OkctlAsync("get", "nodes")).Exit == 0, () => $"the API's silo serves: {api.Output}", seconds: 120);

        var manifest = Path.Combine(directory, "pods.yaml");
        await File.WriteAllTextAsync(manifest, $"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: {Namespace}\n" + Pod("silo-b1") + Pod("silo-b2"), TestContext.Current.CancellationToken);
        var applied = await api.OkctlAsync("apply", "-f", manifest);
        Assert.True(applied.Exit == 0, applied.Err);

        // What the pods' service account mount holds.
        var account = Directory.CreateDirectory(Path.Combine(directory, "serviceaccount")).FullName;
        await File.WriteAllTextAsync(Path.Combine(account, "token"), Token, TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(account, "namespace"), Namespace, TestContext.Current.CancellationToken);
        File.Copy(ca, Path.Combine(account, "ca.crt"));

        await using var first = Hosted("silo-b1", redis, account, apiPort);
        await first.ServesAsync(120);
        await using var second = Hosted("silo-b2", redis, account, apiPort);
        await second.ServesAsync(120);
        Assert.False(first.HasExited, first.Output);
        Assert.False(second.HasExited, second.Output);

        var deleted = await api.OkctlAsync("delete", "pod", "silo-b2", "-n", Namespace, "--grace-period", "0", "--force");
        Assert.True(deleted.Exit == 0, deleted.Err);

        // The agent's vote: the membership marks the silo Dead, which stops it (Orleans' fatal "told I am dead").
        await second.WaitForExitAsync(TimeSpan.FromSeconds(120));
        Assert.Contains("I have been told I am dead", second.Output, StringComparison.Ordinal);
        Assert.False(first.HasExited, first.Output);
        Assert.Equal(0, (await first.OkctlAsync("get", "nodes")).Exit);
        Directory.Delete(directory, recursive: true);
    }

    private static string Pod(string name) => $"""
        ---
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
          namespace: {Namespace}
          labels: {"{"}orleans/serviceId: orleanskube, orleans/clusterId: orleanskube{"}"}
        spec:
          containers:
          - name: silo
            image: nginx:1.27

        """;

    // A silo as its pod would run it: the downward API's variables and the API's service variables in its environment,
    // and the service account mount at the path the Kubernetes client reads it from (in a mount namespace of its own:
    // nothing of the machine's /run changes).
    private static SiloProcess Hosted(string pod, RedisServer redis, string account, int apiPort)
    {
        var (silo, gateway) = (Helpers.FreePort(), Helpers.FreePort());
        var info = new ProcessStartInfo("unshare") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        string[] arguments =
        [
            "--mount", "--propagation", "private", "--", "sh", "-c",
            "mount -t tmpfs tmpfs /run && mkdir -p /run/secrets/kubernetes.io/serviceaccount && cp \"$OKUBE_TEST_ACCOUNT\"/* /run/secrets/kubernetes.io/serviceaccount/ && exec \"$0\" \"$@\"",
            SiloProcess.Program, "--kubernetes-hosting", "--redis", redis.Configuration, "--listen-address", "127.0.0.1",
            "--silo-port", SiloProcess.Text(silo), "--gateway-port", SiloProcess.Text(gateway), "--health-port", "0", "--metrics-port", "0",
            "--dashboard-port", "0", "--api-port", "0", "--system-pods=false", "--time-scale", "10",
        ];
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment["OKUBE_TEST_ACCOUNT"] = account;
        info.Environment["KUBERNETES_SERVICE_HOST"] = "127.0.0.1";
        info.Environment["KUBERNETES_SERVICE_PORT"] = SiloProcess.Text(apiPort);
        info.Environment["POD_NAME"] = pod;
        info.Environment["POD_NAMESPACE"] = Namespace;
        info.Environment["POD_IP"] = "127.0.0.1";
        return SiloProcess.Start(info, silo, gateway, 0, 0, null);
    }
}
