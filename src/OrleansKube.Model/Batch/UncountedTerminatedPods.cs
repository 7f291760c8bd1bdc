namespace OrleansKube.Model.Batch;

/// <summary>UIDs of finished pods the Job controller has not yet counted in its status.</summary>
public sealed record UncountedTerminatedPods
{
    public List<string>? Succeeded { get; set; }

    public List<string>? Failed { get; set; }
}
