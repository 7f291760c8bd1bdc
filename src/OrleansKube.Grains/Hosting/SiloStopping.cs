namespace OrleansKube.Grains.Hosting;

/// <summary>
/// Cancelled when the silo begins to stop (the end of its Active stage, before its grains deactivate): a grain's long
/// wait (a watch cache's long poll) ends then, instead of holding the silo's deactivation of that grain until it times out.
/// </summary>
public sealed class SiloStopping : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the silo begins to stop.</summary>
    public Task Stopped => _stopped.Task;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloStopping), ServiceLifecycleStage.Active, _ => Task.CompletedTask, _ =>
        {
            _stopped.TrySetResult();
            return Task.CompletedTask;
        });
}
