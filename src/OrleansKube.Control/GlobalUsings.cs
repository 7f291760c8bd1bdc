global using OrleansKube.Model.Core;
global using OrleansKube.Model.Meta;
global using OrleansKube.Model.Resources;
global using OrleansKube.Model.Networking;
global using OrleansKube.Model.Storage;
global using OrleansKube.Model.Discovery;
