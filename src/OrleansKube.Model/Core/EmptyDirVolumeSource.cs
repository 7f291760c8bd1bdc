namespace OrleansKube.Model.Core;

public sealed record EmptyDirVolumeSource
{
    public string? Medium { get; set; }

    public Quantity? SizeLimit { get; set; }
}
