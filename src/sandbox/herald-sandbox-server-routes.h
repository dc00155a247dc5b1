/* herald-sandbox-server-routes.h
 *
 * The routes of the sandbox's REST API, the same in both flavours (below
 * their API root). Not installed. herald-sandbox-server-routes.c builds its
 * route table from this list, and tests/test-sandbox.c walks the same list,
 * so that a new route is answered by a test the day it is added.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

/* HERALD_SANDBOX_SERVER_ROUTES (ROUTE) expands
 *
 *   ROUTE (methods, pattern, query, handler, data)
 *
 * once per route, in the order they are tried:
 *
 * - methods: the methods it takes, separated by spaces. The `Allow` header
 *   of a 405 lists those of every route of the path, without HEAD.
 * - pattern: its path below the API root, one segment per `/`; `{name}`
 *   takes any one segment, the other segments take themselves only.
 * - query: the query options it takes: LIST (filter, orderby, skip and
 *   top), NONE, NONE_FIRST (none, refused even before the method is
 *   looked at) or ANY (not looked at: the documentation).
 * - handler: its function in herald-sandbox-server-routes.c, and data:
 *   what it is given besides the request (the collection of entities the
 *   generic handlers answer for), or NULL.
 */
#define HERALD_SANDBOX_SERVER_ROUTES(ROUTE) \
  ROUTE ("GET HEAD", "capabilities", LIST, list_entities, &capabilities) \
  ROUTE ("POST", "capabilities", NONE, post_entity, &capabilities) \
  ROUTE ("GET HEAD", "capabilities/count", NONE_FIRST, count_entities, &capabilities) \
  ROUTE ("GET HEAD", "capabilities/{id}", NONE_FIRST, get_entity, &capabilities) \
  ROUTE ("PUT", "capabilities/{id}", NONE_FIRST, put_entity, &capabilities) \
  ROUTE ("DELETE", "capabilities/{id}", NONE_FIRST, delete_entity, &capabilities) \
  ROUTE ("GET HEAD", "sensorTypes", LIST, list_entities, &sensor_types) \
  ROUTE ("POST", "sensorTypes", NONE, post_entity, &sensor_types) \
  ROUTE ("GET HEAD", "sensorTypes/count", NONE_FIRST, count_entities, &sensor_types) \
  ROUTE ("GET HEAD", "sensorTypes/{id}", NONE_FIRST, get_entity, &sensor_types) \
  ROUTE ("PUT", "sensorTypes/{id}", NONE_FIRST, put_entity, &sensor_types) \
  ROUTE ("DELETE", "sensorTypes/{id}", NONE_FIRST, delete_entity, &sensor_types) \
  ROUTE ("GET HEAD POST", "sensorTypes/{id}/capabilities", NONE, sensor_type_capability, NULL) \
  ROUTE ("GET HEAD PUT DELETE", "sensorTypes/{id}/capabilities/{capabilityId}", NONE, \
         sensor_type_capability, NULL) \
  ROUTE ("GET HEAD", "sensors", LIST, list_entities, &sensors) \
  ROUTE ("POST", "sensors", NONE, post_entity, &sensors) \
  ROUTE ("GET HEAD", "sensors/count", NONE_FIRST, count_entities, &sensors) \
  ROUTE ("GET HEAD", "sensors/{id}", NONE_FIRST, get_entity, &sensors) \
  ROUTE ("PUT", "sensors/{id}", NONE_FIRST, put_entity, &sensors) \
  ROUTE ("DELETE", "sensors/{id}", NONE_FIRST, delete_entity, &sensors) \
  ROUTE ("POST", "sensors/{id}/customProperties", NONE, custom_property, "sensor") \
  ROUTE ("PUT DELETE", "sensors/{id}/customProperties/{key}", NONE, custom_property, "sensor") \
  ROUTE ("GET HEAD", "devices", LIST, list_entities, &devices) \
  ROUTE ("POST", "devices", NONE, post_entity, &devices) \
  ROUTE ("GET HEAD", "devices/count", NONE_FIRST, count_entities, &devices) \
  ROUTE ("GET HEAD", "devices/{id}", NONE_FIRST, get_entity, &devices) \
  ROUTE ("PUT", "devices/{id}", NONE_FIRST, put_entity, &devices) \
  ROUTE ("DELETE", "devices/{id}", NONE_FIRST, delete_device, NULL) \
  ROUTE ("POST", "devices/{id}/customProperties", NONE, custom_property, "device") \
  ROUTE ("PUT DELETE", "devices/{id}/customProperties/{key}", NONE, custom_property, "device") \
  ROUTE ("POST", "devices/{id}/commands", NONE, post_command, NULL) \
  ROUTE ("GET HEAD", "devices/{id}/measures", LIST, list_measures, NULL) \
  ROUTE ("GET HEAD", "devices/{id}/authentications/clientCertificate", NONE, client_certificates, NULL) \
  ROUTE ("GET", "devices/{id}/authentications/clientCertificate/pem", NONE, get_certificate, NULL) \
  ROUTE ("POST", "devices/{id}/authentications/clientCertificate/pem", NONE, post_certificate_request, NULL) \
  ROUTE ("GET", "devices/{id}/authentications/clientCertificate/p12", NONE, get_certificate, NULL) \
  ROUTE ("DELETE", "devices/{id}/authentications/clientCertificate/{fingerprint}", NONE, \
         client_certificates, NULL) \
  ROUTE ("GET HEAD", "gateways", LIST, list_gateways, NULL) \
  ROUTE ("GET HEAD", "gateways/{id}", NONE, get_gateway, NULL) \
  ROUTE ("GET HEAD", "doc", ANY, redirect_doc, NULL) \
  ROUTE ("GET HEAD", "doc/{page}", ANY, get_doc_page, NULL)
