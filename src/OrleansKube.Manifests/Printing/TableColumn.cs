namespace OrleansKube.Manifests.Printing;

/// <summary>
/// One column of a <c>meta.k8s.io/v1</c> Table, as upstream's printers define it: <paramref name="Name"/> as kubectl
/// shows it upper-cased (<c>Nominated Node</c>), <paramref name="Type"/> <c>string</c>, <c>integer</c>, <c>boolean</c>
/// or <c>date</c>, <paramref name="Format"/> <c>name</c> for the object's name, and <paramref name="Priority"/> 1 for
/// what only <c>-o wide</c> shows.
/// </summary>
public sealed record TableColumn(string Name, string Type, string Format, string Description, int Priority);
