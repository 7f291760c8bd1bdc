namespace OrleansKube.Model.Core;

public enum NodeInclusionPolicy
{
    Honor,
    Ignore,
}
