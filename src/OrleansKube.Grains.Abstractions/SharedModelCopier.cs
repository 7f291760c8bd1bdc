using Orleans.Serialization.Cloning;

namespace OrleansKube.Grains.Abstractions;

/// <summary>
/// Inside a process, Orleans "copies" model objects by handing over the same instance: API objects are immutable once
/// they cross a grain boundary (a grain that changes one builds a new object with <c>with</c> or a clone), so a call
/// argument or return value costs no JSON round trip. Between processes they still travel as JSON. Debug builds check
/// the contract (<see cref="SharedObjects"/>).
/// </summary>
internal sealed class SharedModelCopier : IGeneralizedCopier
{
    public static bool IsModelType(Type type) => type.Namespace?.StartsWith("OrleansKube.Model", StringComparison.Ordinal) == true;

    public bool IsSupportedType(Type type) => IsModelType(type);

    public object? DeepCopy(object? input, CopyContext context)
    {
        if (input is not null)
        {
            SharedObjects.Process.Shared(input);
        }

        return input;
    }
}
