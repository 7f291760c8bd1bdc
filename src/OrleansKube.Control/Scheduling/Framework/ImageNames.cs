namespace OrleansKube.Control.Scheduling.Framework;

/// <summary>Image names compared as upstream's ImageLocality does: an untagged name means <c>:latest</c>.</summary>
public static class ImageNames
{
    public static string Normalize(string image)
    {
        if (image.Contains('@', StringComparison.Ordinal))
        {
            return image;
        }

        var lastSlash = image.LastIndexOf('/');
        return image.IndexOf(':', lastSlash + 1) < 0 ? image + ":latest" : image;
    }
}
