using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Api;

namespace OrleansKube.ClusterTests;

/// <summary>
/// The real kubectl on PATH (the dispatcher picks 1.32 by the server's /version), pointed at a test silo's API with
/// <c>--server</c> as the decks' scripts do. Each instance has its own home and discovery cache, so nothing of the
/// user's kubeconfig or of another run's cache leaks in.
/// </summary>
public sealed class Kubectl : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("okube-kubectl-").FullName;

    public Kubectl(ClusterFixture cluster) => Server = cluster.SiloServices.GetRequiredService<KubeApiServer>().Address!.ToString().TrimEnd('/');

    public string Server { get; }

    /// <summary>Runs kubectl to its end (a genuine wall-clock wait: it is another process); returns its exit code and output.</summary>
    public async Task<(int Exit, string Out, string Err)> RunAsync(string[] args, string? input = null, int seconds = 60)
    {
        using var process = Start(args, input);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(seconds));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"kubectl {string.Join(' ', args)} did not end within {seconds} s of real time; it printed: {await output}{await error}");
        }

        return (process.ExitCode, await output, await error);
    }

    public Task<(int Exit, string Out, string Err)> RunAsync(params string[] args) => RunAsync(args, null);

    /// <summary>Runs kubectl and expects it to succeed; returns what it printed.</summary>
    public async Task<string> OkAsync(params string[] args)
    {
        var (exit, output, error) = await RunAsync(args);
        Assert.True(exit == 0, $"kubectl {string.Join(' ', args)} exited {exit}: {output}{error}");
        return output;
    }

    /// <summary>Runs kubectl with <paramref name="input"/> on its stdin (<c>-f -</c>) and expects it to succeed.</summary>
    public async Task<string> OkWithInputAsync(string[] args, string input)
    {
        var (exit, output, error) = await RunAsync(args, input);
        Assert.True(exit == 0, $"kubectl {string.Join(' ', args)} exited {exit}: {output}{error}");
        return output;
    }

    /// <summary>Starts kubectl and leaves it running (a watch, or a command that waits on the cluster).</summary>
    public Process Start(string[] args, string? input = null)
    {
        var info = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["--server", Server, "--cache-dir", Path.Combine(_home, "cache"), .. args])
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["HOME"] = _home;
        info.Environment["KUBECONFIG"] = Path.Combine(_home, "config");
        var process = Process.Start(info)!;
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }

        process.StandardInput.Close();
        return process;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_home, recursive: true);
        }
        catch (IOException)
        {
            // a kubectl still being killed holds its cache; the temp dir goes with the machine
        }
    }
}
