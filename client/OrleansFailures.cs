using Orleans.Runtime.Messaging;
using Orleans.Serialization;

namespace OrleansKube.Cli;

/// <summary>
/// What went wrong between okctl and the cluster, in one line for the user: a silo that died, a request that timed out, a
/// lost connection, a store that cannot answer. The exception's stack trace says nothing a user can act on.
/// </summary>
public static class OrleansFailures
{
    /// <summary>One line for a failure of the cluster or the connection to it; null for other exceptions (bugs, which keep their trace).</summary>
    public static string? Describe(Exception e) => e switch
    {
        AggregateException { InnerExceptions: [var only] } => Describe(only),
        TimeoutException => $"the cluster did not answer in time ({FirstLine(e.Message)}); the request may still complete: check with `okctl get`",
        SiloUnavailableException => "the silo serving this request went away (it stopped or died); try again: a surviving silo takes over",
        ConnectionFailedException or ClientNotAvailableException or GatewayTooBusyException or System.Net.Sockets.SocketException =>
            $"lost the connection to the cluster: {FirstLine(e.Message)}",
        OrleansMessageRejectionException => $"the cluster rejected the request: {FirstLine(e.Message)}",
        CodecNotFoundException or SerializerException => $"the cluster could not read or write an object (is its store reachable?): {FirstLine(e.Message)}",
        OrleansException => $"the cluster failed the request: {FirstLine(e.Message)}",
        _ => null,
    };

    private static string FirstLine(string message)
    {
        var line = message.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] + "…" : line;
    }
}
