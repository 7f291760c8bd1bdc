// An informer on pods, as a Node.js controller would run one: list, watch, relist after 410.
// Prints one JSON line per callback (stdout), "connected" once its first list is done; runs until stdin closes.
// Usage: node informer.mjs SERVER NAMESPACE
import * as k8s from '@kubernetes/client-node';

const [server, namespace] = process.argv.slice(2);
const config = new k8s.KubeConfig();
config.loadFromOptions({
  // The client refuses plain HTTP unless TLS verification is off (there is no TLS to verify on loopback).
  clusters: [{ name: 'orleanskube', server, skipTLSVerify: true }],
  users: [{ name: 'user' }],
  contexts: [{ name: 'orleanskube', cluster: 'orleanskube', user: 'user' }],
  currentContext: 'orleanskube',
});
const core = config.makeApiClient(k8s.CoreV1Api);
const informer = k8s.makeInformer(config, `/api/v1/namespaces/${namespace}/pods`, () => core.listNamespacedPod({ namespace }));
const print = (type) => (pod) => console.log(JSON.stringify({ type, name: pod.metadata.name, rv: pod.metadata.resourceVersion, phase: pod.status?.phase }));
informer.on('add', print('ADDED'));
informer.on('update', print('MODIFIED'));
informer.on('delete', print('DELETED'));
informer.on('connect', () => console.log(JSON.stringify({ type: 'CONNECTED' })));
informer.on('error', (err) => {
  console.log(JSON.stringify({ type: 'ERROR', message: String(err?.message ?? err) }));
  setTimeout(() => informer.start(), 200); // as the client's docs advise: restart after an error
});
await informer.start();
process.stdin.resume();
process.stdin.on('end', async () => { await informer.stop(); process.exit(0); });
