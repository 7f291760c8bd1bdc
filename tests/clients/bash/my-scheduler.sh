#!/bin/bash
# The reference decks' custom scheduler in bash (000_8d7e102a065c1836.txt, "Custom Scheduler Code (Bash)"), as written
# there except for its quoting and punctuation: jq's names are in double quotes (the deck strips single ones), the node
# names must be a bash array for ${#NODES[@]} to count them, and the `;` before `do` belongs on the `for` line (on a line
# of its own it is a syntax error). SERVER may come from the environment (the tests' port).
SERVER=${SERVER:-'localhost:8001'}
while true;
do
    for PODNAME in $(kubectl --server $SERVER get pods -o json | jq '.items[] | select(.spec.schedulerName == "my-scheduler") | select(.spec.nodeName == null) | .metadata.name' | tr -d '"');
    do
        NODES=($(kubectl --server $SERVER get nodes -o json | jq '.items[].metadata.name' | tr -d '"'))
        NUMNODES=${#NODES[@]}
        CHOSEN=${NODES[$RANDOM % $NUMNODES ]}
        curl --header "Content-Type:application/json" --request POST --data '{"apiVersion":"v1", "kind": "Binding", "metadata": {"name": "'$PODNAME'"}, "target": {"apiVersion": "v1", "kind": "Node", "name": "'$CHOSEN'"}}' http://$SERVER/api/v1/namespaces/default/pods/$PODNAME/binding/
        echo "Assigned $PODNAME to $CHOSEN"
    done
    sleep 1
done
