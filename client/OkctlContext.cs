using OrleansKube.Cli.Printing;
using OrleansKube.Control.Store;

namespace OrleansKube.Cli;

/// <summary>What a command runs with: output streams, the clock for AGE columns, and a lazily opened cluster connection.</summary>
public sealed class OkctlContext(TextWriter output, TextWriter error, TextReader input, TimeProvider time, Func<string, CancellationToken, Task<IClusterClient>> connect)
{
    private IClusterClient? _client;
    private (DateTimeOffset Now, DateTimeOffset Local)? _clusterTime;

    public TextWriter Out { get; } = output;

    public TextWriter Err { get; } = error;

    public TextReader In { get; } = input;

    /// <summary>This machine's clock (a test's fake one): what waits and their timeouts count on.</summary>
    public TimeProvider Time { get; } = time;

    /// <summary>The cluster's time once connected (a scaled simulation runs ahead of this machine's clock), else the local clock.</summary>
    public DateTimeOffset Now => _clusterTime is { } at ? at.Now + (Time.GetUtcNow() - at.Local) : Time.GetUtcNow();

    public async Task<IApiGrain> ApiAsync(string server, CancellationToken cancellationToken) => (await ClientAsync(server, cancellationToken)).GetGrain<IApiGrain>(0);

    /// <summary>The cluster connection itself, for the simulator's own controls (which are not API objects).</summary>
    public async Task<IClusterClient> ClientAsync(string server, CancellationToken cancellationToken)
    {
        if (_client is null)
        {
            _client = await connect(server, cancellationToken);
            _clusterTime = (await _client.GetGrain<IApiGrain>(0).NowAsync(), Time.GetUtcNow());
        }

        return _client;
    }

    /// <summary>Runs a command body, turning refusals into kubectl's messages and exit code 1.</summary>
    public async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (ApiException e)
        {
            foreach (var line in e.Message.Split(Environment.NewLine))
            {
                await Err.WriteLineAsync($"Error from server ({ReasonText(e.Reason)}): {line}");
            }
        }
        catch (Manifests.Reading.ManifestException e)
        {
            foreach (var line in e.Errors)
            {
                await Err.WriteLineAsync($"error: {line}");
            }
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            await Err.WriteLineAsync($"error: {e.Message}");
        }
        catch (IOException e)
        {
            await Err.WriteLineAsync($"error: {e.Message}");
        }
        catch (Exception e) when (OrleansFailures.Describe(e) is { } line)
        {
            await Err.WriteLineAsync($"error: {line}");
        }

        return 1;
    }

    public void PrintObjects(IReadOnlyList<KubeObject> objects, KindInfo kind, string? format, bool withNamespace, bool asList)
    {
        switch (format)
        {
            case null or "" or "wide":
                TablePrinter.Print(objects, kind, format == "wide", withNamespace, Now, Out);
                break;
            case "name":
                foreach (var obj in objects)
                {
                    Out.WriteLine($"{kind.QualifiedResource}/{obj.Metadata.Name}");
                }

                break;
            case "json" or "yaml":
                var node = asList ? ObjectText.ListNode(objects) : ObjectText.Node(objects[0]);
                Out.Write(format == "json" ? node.ToJsonString(Model.Serialization.KubeJson.IndentedOptions) + Environment.NewLine : YamlWriter.Write(node));
                break;
            default:
                throw new InvalidOperationException($"unable to match a printer suitable for the output format \"{format}\", allowed formats are: json,name,wide,yaml");
        }
    }

    /// <summary>How kubectl names a status reason in <c>Error from server (…)</c>.</summary>
    public static string ReasonText(ApiErrorReason reason) => reason switch
    {
        ApiErrorReason.AlreadyExists => "AlreadyExists",
        ApiErrorReason.NotFound => "NotFound",
        ApiErrorReason.Conflict => "Conflict",
        ApiErrorReason.Invalid => "Invalid",
        ApiErrorReason.Forbidden => "Forbidden",
        ApiErrorReason.InternalError => "InternalError",
        ApiErrorReason.ServiceUnavailable => "ServiceUnavailable",
        ApiErrorReason.TooManyRequests => "TooManyRequests",
        _ => "BadRequest",
    };
}
