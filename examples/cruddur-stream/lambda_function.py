"""The messaging app's stream function (pattern E): when a message arrives, both message-group items of its
conversation move to it (their sk becomes the message's time, their message its text).

As the app's Lambda does it: it reads the first record of the batch only, skips REMOVE, and for a MSG#<group> key
queries the group index by the group's uuid and, for each group item found, deletes it and puts it back with the
message's sk and text -- one call at a time, not atomically. What differs: the endpoint and the table come from the
environment (`ddb streams run` points AWS_ENDPOINT_URL_DYNAMODB at the engine it reads; in Lambda it is unset and
boto3 reaches DynamoDB itself).
"""
import os

import boto3
from boto3.dynamodb.conditions import Key

dynamodb = boto3.resource('dynamodb', endpoint_url=os.environ.get('AWS_ENDPOINT_URL_DYNAMODB'))
TABLE_NAME = os.environ.get('TABLE_NAME', 'cruddur-messages')
INDEX_NAME = 'message-group-sk-index'


def lambda_handler(event, context):
    record = event['Records'][0]
    if record['eventName'] == 'REMOVE':
        print('skip REMOVE event')
        return
    keys = record['dynamodb']['Keys']
    pk = keys['pk']['S']
    sk = keys['sk']['S']
    if not pk.startswith('MSG#'):
        return
    group_uuid = pk.replace('MSG#', '', 1)
    message = record['dynamodb']['NewImage']['message']['S']
    print('GROUP ===>', group_uuid, message)

    table = dynamodb.Table(TABLE_NAME)
    data = table.query(IndexName=INDEX_NAME, KeyConditionExpression=Key('message_group_uuid').eq(group_uuid))
    print('RESP ===>', data['Items'])

    # recreate the message group items with the new sk value
    for item in data['Items']:
        table.delete_item(Key={'pk': item['pk'], 'sk': item['sk']})
        table.put_item(
            Item={
                'pk': item['pk'],
                'sk': sk,
                'message_group_uuid': item['message_group_uuid'],
                'message': message,
                'user_display_name': item['user_display_name'],
                'user_handle': item['user_handle'],
                'user_uuid': item['user_uuid'],
            }
        )
        print('MOVED ===>', item['pk'], item['sk'], '->', sk)
