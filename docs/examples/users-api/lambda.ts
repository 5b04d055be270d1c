/**
 * The users API as an AWS Lambda function: deploy with the handler `lambda.handler`,
 * `API_TOKEN` set, and `CORS_ORIGINS` (comma-separated; default any). The store lives as
 * long as the function's instance.
 * @module
 */
import { toLambdaHandler } from 'shallot/aws-lambda'
import { createApp } from './app.js'

export const handler = toLambdaHandler(
  createApp({
    token: process.env.API_TOKEN ?? '',
    origins: process.env.CORS_ORIGINS?.split(',') ?? '*',
  }),
)
