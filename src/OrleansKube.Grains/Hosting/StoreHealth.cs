namespace OrleansKube.Grains.Hosting;

/// <summary>
/// The silo's view of its store, set by the repository as its operations succeed or fail. Lost is final: the
/// objects the grains still hold in memory may disagree with a store that was emptied, so the silo serves none
/// of them rather than papering over the loss.
/// </summary>
public sealed class StoreHealth
{
    private readonly Lock _lock = new();

    public StoreState State { get; private set; } = StoreState.Ok;

    /// <summary>Why the store is not Ok (one line), null while it is.</summary>
    public string? Reason { get; private set; }

    /// <summary>Raised (outside the lock) whenever <see cref="State"/> changes.</summary>
    public event Action<StoreState>? Changed;

    public void ReportOk() => Set(StoreState.Ok, null);

    public void ReportUnreachable(string reason) => Set(StoreState.Unreachable, reason);

    public void ReportLost(string reason) => Set(StoreState.Lost, reason);

    /// <summary>The refusal every API request gets once the store is lost; null otherwise.</summary>
    public ApiException? Refusal() => State == StoreState.Lost ? new ApiException(ApiErrorReason.ServiceUnavailable, Reason!) : null;

    private void Set(StoreState state, string? reason)
    {
        if (State == state)
        {
            return; // every successful operation reports Ok: no lock for the usual case
        }

        lock (_lock)
        {
            if (State == state || State == StoreState.Lost)
            {
                return;
            }

            (State, Reason) = (state, reason);
        }

        Changed?.Invoke(state);
    }
}
