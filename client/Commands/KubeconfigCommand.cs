using System.CommandLine;
using OrleansKube.Grains.Abstractions.Security;

namespace OrleansKube.Cli.Commands;

/// <summary>
/// <c>okctl kubeconfig</c>: prints a ready kubeconfig for the Kubernetes API of the silo okctl connects to (server URL,
/// CA data when it serves TLS, a token when tokens are on), the same text the silo writes at start:
/// <c>okctl kubeconfig &gt; ~/.kube/okube &amp;&amp; export KUBECONFIG=~/.kube/okube</c>.
/// </summary>
public static class KubeconfigCommand
{
    public static Command Create(GlobalOptions global, OkctlContext context)
    {
        var command = new Command("kubeconfig", "Print a kubeconfig for the connected silo's Kubernetes API (kubectl, client libraries)");
        command.SetAction((parse, ct) => context.RunAsync(async () =>
        {
            var server = parse.GetValue(global.Server)!;
            var client = await context.ClientAsync(server, ct);
            if (await client.GetGrain<IKubeconfigGrain>(0).GetAsync() is not { } kubeconfig)
            {
                await context.Err.WriteLineAsync($"error: the silo at {server} serves no Kubernetes API");
                return 1;
            }

            await context.Out.WriteAsync(kubeconfig);
            return 0;
        }));
        return command;
    }
}
