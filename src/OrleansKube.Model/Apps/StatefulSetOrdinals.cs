namespace OrleansKube.Model.Apps;

public sealed record StatefulSetOrdinals
{
    public int? Start { get; set; }
}
