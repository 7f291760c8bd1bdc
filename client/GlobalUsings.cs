global using OrleansKube.Grains.Abstractions;
global using OrleansKube.Model.Apps;
global using OrleansKube.Model.Core;
global using OrleansKube.Model.Meta;
