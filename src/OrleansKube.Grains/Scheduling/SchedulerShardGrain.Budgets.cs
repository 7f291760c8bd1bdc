using Microsoft.Extensions.DependencyInjection;
using OrleansKube.Control.Watching;
using OrleansKube.Grains.Abstractions.Watching;
using OrleansKube.Grains.Hosting;
using OrleansKube.Model.Policy;

namespace OrleansKube.Grains.Scheduling;

/// <summary>The PodDisruptionBudgets preemption weighs its victims against.</summary>
public sealed partial class SchedulerShardGrain
{
    // Upstream's scheduler reads budgets from an informer, which lags too: a second of simulated time is as fresh as
    // preemption needs, and a shard failing pods back to back reads them once, not per pod.
    private static readonly TimeSpan BudgetsMaxAge = TimeSpan.FromSeconds(1);

    private DateTimeOffset _budgetsReadAt = DateTimeOffset.MinValue;

    /// <summary>Reads every budget from its watch cache when the last read is older than <see cref="BudgetsMaxAge"/>; a failed read keeps the last list.</summary>
    private async Task RefreshBudgetsAsync()
    {
        var now = _time.GetUtcNow();
        if (now - _budgetsReadAt < BudgetsMaxAge)
        {
            return;
        }

        try
        {
            var page = await ServiceProvider.GetRequiredService<SharedReferences>().CacheView(Kinds.PodDisruptionBudget, null).ListAsync(new CacheQuery(null, null, null, null, null));
            if (page.Refusal == ListRefusal.None)
            {
                _snapshot.DisruptionBudgets = [.. page.Items.OfType<PodDisruptionBudget>()];
                _budgetsReadAt = now;
            }
        }
        catch (Exception e) when (e is TimeoutException or OrleansException)
        {
            // A cache grain lost with its silo: preempt with the budgets last seen, read them again next time.
        }
    }
}
