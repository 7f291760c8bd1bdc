namespace OrleansKube.Model.Core;

public enum NamespacePhase
{
    Active,
    Terminating,
}
