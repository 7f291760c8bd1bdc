namespace OrleansKube.Control.Workloads;

/// <summary>
/// Writes a controller makes without insisting: an object changed or gone meanwhile is simply seen again by the
/// next level-triggered pass, so the refusal is not an error of the pass.
/// </summary>
public static class ObjectControlExtensions
{
    /// <summary>Updates <paramref name="obj"/>; null when it was refused (a conflict, or it is gone).</summary>
    public static async Task<KubeObject?> TryUpdateAsync(this IObjectControl control, KubeObject obj)
    {
        try
        {
            return await control.UpdateAsync(obj);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>Deletes <paramref name="obj"/>; false when it was refused (already gone).</summary>
    public static async Task<bool> TryDeleteAsync(this IObjectControl control, KubeObject obj)
    {
        try
        {
            await control.DeleteAsync(obj);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }
}
