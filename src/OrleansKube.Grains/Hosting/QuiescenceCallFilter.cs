using Orleans.CodeGeneration;

namespace OrleansKube.Grains.Hosting;

/// <summary>
/// Counts grain calls for <see cref="Quiescence"/>: a call is in flight from when it is sent until its response
/// arrives, a one-way call until the grain has run it (the sender marks it, with the generation it was counted in, in the
/// request context; a one-way call no sender counted is not uncounted either). On the silo and on a test client in the same process.
/// </summary>
public sealed class QuiescenceCallFilter(Quiescence quiescence) : IOutgoingGrainCallFilter, IIncomingGrainCallFilter
{
    /// <summary>Request-context flag of a call not counted: a long poll waits on the cluster, it is not work in flight.</summary>
    public const string UntrackedKey = "okube-untracked";

    private const string CountedKey = "okube-quiescence";

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (RequestContext.Get(UntrackedKey) is true)
        {
            await context.Invoke();
            return;
        }

        var oneWay = IsOneWay(context.Request);
        var what = oneWay ? $"{context.InterfaceName}.{context.MethodName} to {context.TargetId}" : $"{context.InterfaceName}.{context.MethodName}";
        var generation = quiescence.Begin(what);
        if (!oneWay)
        {
            try
            {
                await context.Invoke();
            }
            finally
            {
                quiescence.End(what, generation);
            }

            return;
        }

        RequestContext.Set(CountedKey, generation);
        try
        {
            await context.Invoke();
        }
        catch
        {
            quiescence.End(what, generation); // never sent
            throw;
        }
    }

    public async Task Invoke(IIncomingGrainCallContext context)
    {
        if (!IsOneWay(context.Request) || RequestContext.Get(CountedKey) is not int generation)
        {
            await context.Invoke();
            return;
        }

        try
        {
            await context.Invoke();
        }
        finally
        {
            quiescence.End($"{context.InterfaceName}.{context.MethodName} to {context.TargetId}", generation);
        }
    }

    private static bool IsOneWay(object request) => request is IRequest { Options: var options } && (options & InvokeMethodOptions.OneWay) != 0;
}
