using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Cli.Commands;

namespace OrleansKube.Cli;

/// <summary>okctl's command tree. Tests run it in-process with their own client and writers.</summary>
public static class Okctl
{
    public static async Task<int> RunAsync(string[] args, OkctlContext context)
    {
        var server = ClusterConnection.GatewayOption(
            "--server",
            "-s",
            $"The silo gateways to talk to (host:port; several separated by commas or with the option repeated, any live one serves; env {ClusterConnection.ServerVariable})",
            () => Environment.GetEnvironmentVariable(ClusterConnection.ServerVariable) ?? ClusterConnection.DefaultServer);
        server.Recursive = true;
        var ns = new Option<string?>("--namespace", "-n") { Description = "The namespace scope for this request", Recursive = true };
        var options = new GlobalOptions(server, ns);
        var root = new RootCommand("okctl controls an OrleansKube simulated cluster, with kubectl's habits.")
        {
            server,
            ns,
            ApplyCommands.Apply(options, context),
            ApplyCommands.Create(options, context),
            GetCommand.Create(options, context),
            DescribeCommand.Create(options, context),
            DeleteCommand.Create(options, context),
            EditCommands.Cordon(options, context, cordon: true),
            EditCommands.Cordon(options, context, cordon: false),
            EditCommands.Taint(options, context),
            EditCommands.Label(options, context),
            DrainCommand.Create(options, context),
            RolloutCommands.Scale(options, context),
            RolloutCommands.Set(options, context),
            RolloutCommands.Rollout(options, context),
            SimCommands.Create(options, context),
            KubeconfigCommand.Create(options, context),
        };
        var parse = root.Parse(args);
        return await parse.InvokeAsync(new InvocationConfiguration { Output = context.Out, Error = context.Err });
    }

    /// <summary>Runs against a real gateway, as the <c>okctl</c> program does.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var hosts = new List<IDisposable>();
        try
        {
            var context = new OkctlContext(Console.Out, Console.Error, Console.In, TimeProvider.System, async (server, ct) =>
            {
                var host = await ClusterConnection.ConnectAsync(server, ct);
                hosts.Add(host);
                return host.Services.GetRequiredService<IClusterClient>();
            });
            return await RunAsync(args, context);
        }
        finally
        {
            hosts.ForEach(h => h.Dispose());
        }
    }
}
