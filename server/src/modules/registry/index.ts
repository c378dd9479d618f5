/**
 * What other modules (registry/io, cases, …) use of the registry: its services, never its
 * tables directly. Everything here is scoped by the Principal it is given.
 */
export { createPerson, findPersonByIdNumber, getPerson, listPersons, updatePerson, DuplicatePersonError, householdMembers, type CreatePersonOptions } from './persons.service.js';
export { matchBuildingAddress, normalizeAddress, type AddressMatch } from './address-match.js';
export { locateRoom, createBuilding, createRoom, createUnit, getBuilding, roomAddress } from './housing.service.js';
export { createHousehold, getHousehold, addMember, setHead } from './households.service.js';
export { applyPersonEvent, moveIn } from './residence.service.js';
export { setFloating } from './floating.service.js';
export { createRental, addTenant, getRental } from './rentals.service.js';
export { createEntity, DuplicateEntityError } from './entities.service.js';
export { addTag, endTag, activeTagCodes } from './tags.service.js';
export { canSeeTagType, visibleTagTypes, hiddenTagCodes, loadTagTypes } from './tag-visibility.js';
export { searchRegistry, buildSearchQuery, classifyTerm } from './search.js';
export { presentPerson, personRef, ageOf, isChild, CHILD_SENSITIVE_AGE } from './present.js';
export { CODE_TABLES, codeLabel } from './codes.js';
export { nameForms, toSimplified } from './names.js';
export { recordChanges } from './changes.js';
export { remindPermitExpiry } from './jobs.js';
