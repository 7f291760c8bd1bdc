namespace OrleansKube.Model.Core;

public sealed record PodIP
{
    public string Ip { get; set; } = "";
}
