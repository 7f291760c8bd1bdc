namespace OrleansKube.Model.Core;

/// <summary>POSIX capabilities added to and dropped from a container.</summary>
public sealed record Capabilities
{
    public List<string>? Add { get; set; }

    public List<string>? Drop { get; set; }
}
